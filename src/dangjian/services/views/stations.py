"""Staff pages of the 红色志愿者驿站: the stations, each with its duty roster and its service log."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.views import (
    ObjectEditView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    get_editable_or_404,
    run_action,
    staff_only,
)

from .. import actions_station as actions
from ..forms import DutyForm, StationForm, StationServiceForm
from ..models import Station, StationDuty, StationService


class StationListView(StaffOnlyMixin, TableListView):
    search_fields = ("name", "place", "services")
    model = Station
    heading = "红色志愿者驿站"
    add_url_name = "services:station_add"
    columns = [("驿站", "name"), ("地点", "place"), ("开放时间", "opening_hours"), ("服务内容", "services"),
               ("所属组织", "organization.name")]
    select_related = ("organization",)


class StationView(StaffOnlyMixin, ObjectView):
    model = Station
    template_name = "services/station.html"

    def base_queryset(self):
        return Station.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, station = self.request.user, self.object
        today = timezone.localdate()
        ctx["duties"] = (StationDuty.objects.visible_to(user).filter(station=station, date__gte=today)
                         .select_related("volunteer__person")[:60])
        ctx["services"] = (StationService.objects.visible_to(user).filter(station=station)
                           .select_related("volunteer__person")[:50])
        ctx["may_manage"] = actions.may_manage_station(user, station)
        if ctx["may_manage"]:
            ctx["duty_form"] = DutyForm(user=user, prefix="duty", initial={"date": today}, station=station)
            ctx["service_form"] = StationServiceForm(user=user, prefix="log", station=station)
        return ctx


class StationEditView(ObjectEditView):
    model = Station
    form_class = StationForm


def _labelled(form, name, error) -> str:
    return f"{form.fields[name].label}：{error}" if name in form.fields else str(error)


def _post(request, pk, form_class, prefix, do, done):
    """A roster or log form posted from the station's page: the step's refusal, or the form's errors, come back
    as a message there."""
    station = get_editable_or_404(Station, request.user, pk)  # 404 out of sight, 403 read-only: before the form
    form = form_class(request.POST, user=request.user, prefix=prefix, station=station)
    if not form.is_valid():
        messages.error(request, "；".join(_labelled(form, name, e) for name, errs in form.errors.items() for e in errs))
        return HttpResponseRedirect(station.get_absolute_url())
    return run_action(request, station.get_absolute_url(), lambda: do(station, form.cleaned_data), done)


@staff_only
@require_POST
def duty_add(request, pk):
    return _post(request, pk, DutyForm, "duty",
                 lambda station, d: actions.add_duty(request.user, station, d["volunteer"], d["date"], d["starts"],
                                                     d["ends"]), "已排班。")


@staff_only
@require_POST
def service_add(request, pk):
    return _post(request, pk, StationServiceForm, "log",
                 lambda station, d: actions.log_service(request.user, station, d["volunteer"], d["content"],
                                                        d["starts_at"], d["ends_at"], d["recipient"],
                                                        d["resident_file"]),
                 "已登记服务记录，服务时长已计入志愿者累计时长。")
