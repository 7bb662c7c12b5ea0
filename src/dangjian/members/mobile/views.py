"""Staff pages of 流动党员: out-flowing members (list, page, form, return, contacts) and in-flowing members (list,
page, form, participation). Each button answers to one predicate of `actions`."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.filters import ScopedFilterSet
from dangjian.core.views import (
    ObjectEditView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    get_visible_or_404,
    run_action,
    staff_only,
)
from dangjian.core.workflow import Refused

from ..models.mobile import Inflow, Outflow
from . import actions
from .forms import ContactForm, InflowForm, OutflowForm, OutflowReturnForm, ParticipationForm

SECTIONS = [("流出党员", "mobile:outflow_list"), ("流入党员", "mobile:inflow_list")]


def _errors(form) -> str:
    return "；".join(e for errors in form.errors.values() for e in errors)


class OutflowFilterSet(ScopedFilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=[("away", "外出中"), ("returned", "已返回")],
                                        method="by_state", empty_label="全部")

    class Meta:
        model = Outflow
        fields = ["state"]

    def by_state(self, qs, name, value):
        return qs.filter(returned_on__isnull=value == "away")


class InflowFilterSet(ScopedFilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=[("here", "在本地"), ("left", "已离开")],
                                        method="by_state", empty_label="全部")

    class Meta:
        model = Inflow
        fields = ["state"]

    def by_state(self, qs, name, value):
        return qs.filter(end__isnull=value == "here")


class OutflowListView(StaffOnlyMixin, TableListView):
    model = Outflow
    filterset_class = OutflowFilterSet
    heading = "流出党员（外出流动）"
    add_url_name = "mobile:outflow_add"
    search_fields = ("member__person__name", "place", "host_org", "card_number")
    columns = [("党员", "member.person.name"), ("所在支部", "member.branch.name"), ("流入地", "place"),
               ("流入地党组织", "host_org"), ("外出日期", "start"), ("预计返回", "expected_return"),
               ("状态", "state_label")]
    select_related = ("member__person", "member__branch")

    def get_extra_links(self):
        return [(label, reverse(name)) for label, name in SECTIONS if name != "mobile:outflow_list"]


class OutflowView(StaffOnlyMixin, ObjectView):
    model = Outflow
    template_name = "members/mobile/outflow.html"

    def base_queryset(self):
        return Outflow.objects.select_related("member__person", "member__branch")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, outflow = self.request.user, self.object
        ctx["can_edit"] = actions.may_edit_outflow(user, outflow)
        ctx["return_form"] = OutflowReturnForm() if actions.may_close_outflow(user, outflow) else None
        ctx["contact_form"] = ContactForm() if actions.may_log_contact(user, outflow) else None
        ctx["contacts"] = list(outflow.contacts.all()[:50])
        return ctx


class OutflowEditView(StaffOnlyMixin, ObjectEditView):
    model = Outflow
    form_class = OutflowForm

    guard = staticmethod(actions.require_edit_outflow)
    edit_related = ("member__branch",)
    prefill = ("member",)  # from the member page's card

    def save_form(self, form):
        return actions.save_outflow(self.request.user, form.instance)


@staff_only
@require_POST
def outflow_return(request, pk):
    outflow = get_visible_or_404(Outflow.objects.select_related("member__branch"), request.user, pk=pk)
    if not actions.manages_member(request.user, outflow.member):
        raise PermissionDenied("您的角色不能登记党员返回。")
    form = OutflowReturnForm(request.POST)

    def close():
        if not form.is_valid():
            raise Refused(_errors(form))
        actions.close_outflow(request.user, outflow, form.cleaned_data["on"], form.cleaned_data["note"])

    return run_action(request, outflow.get_absolute_url(), close, "已登记返回，党员状态恢复为“正常”。")


@staff_only
@require_POST
def outflow_contact(request, pk):
    outflow = get_visible_or_404(Outflow.objects.select_related("member__branch"), request.user, pk=pk)
    if not actions.manages_member(request.user, outflow.member):
        raise PermissionDenied("您的角色不能登记联系情况。")
    form = ContactForm(request.POST)

    def log():
        if not form.is_valid():
            raise Refused(_errors(form))
        actions.log_contact(request.user, outflow, form.cleaned_data["date"], form.cleaned_data["note"])

    return run_action(request, outflow.get_absolute_url(), log, "已登记联系情况。")


class InflowListView(StaffOnlyMixin, TableListView):
    model = Inflow
    filterset_class = InflowFilterSet
    heading = "流入党员（组织关系在外地、在本地参加组织生活）"
    add_url_name = "mobile:inflow_add"
    search_fields = ("person__name", "home_org", "home_place", "card_number")
    columns = [("姓名", "person.name"), ("参加组织生活的支部", "branch.name"), ("组织关系所在党组织", "home_org"),
               ("流出地", "home_place"), ("流入日期", "start"), ("状态", "state_label")]
    select_related = ("person", "branch")

    def get_extra_links(self):
        return [(label, reverse(name)) for label, name in SECTIONS if name != "mobile:inflow_list"]


class InflowView(StaffOnlyMixin, ObjectView):
    model = Inflow
    template_name = "members/mobile/inflow.html"

    def base_queryset(self):
        return Inflow.objects.select_related("person", "branch")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, inflow = self.request.user, self.object
        ctx["can_edit"] = actions.may_edit_inflow(user, inflow)
        ctx["participation_form"] = ParticipationForm(inflow=inflow) if ctx["can_edit"] else None
        ctx["participations"] = list(inflow.participations.select_related("meeting")[:50])
        return ctx


class InflowEditView(StaffOnlyMixin, ObjectEditView):
    model = Inflow
    form_class = InflowForm

    guard = staticmethod(actions.require_edit_inflow)
    edit_related = ("branch",)

    def save_form(self, form):
        return actions.save_inflow(self.request.user, form.instance)


@staff_only
@require_POST
def inflow_participation(request, pk):
    inflow = get_visible_or_404(Inflow.objects.select_related("branch"), request.user, pk=pk)
    if not actions.may_edit_inflow(request.user, inflow):
        raise PermissionDenied("您的角色不能登记参加组织生活。")
    form = ParticipationForm(request.POST, inflow=inflow)

    def add():
        if not form.is_valid():
            raise Refused(_errors(form))
        data = form.cleaned_data
        actions.record_participation(request.user, inflow, data["date"], data["meeting"], data["note"])

    return run_action(request, inflow.get_absolute_url(), add, "已登记参加组织生活。")
