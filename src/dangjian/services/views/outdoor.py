"""Staff pages of 流动居委会 / 站岗式服务: the sessions on the street, the matters handled at each, and turning
a matter into a problem or a micro-wish."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
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

from .. import actions_outdoor as actions
from ..forms import MatterForm, MatterWishForm, OutdoorSessionForm
from ..models import OutdoorMatter, OutdoorSession


class OutdoorListView(StaffOnlyMixin, TableListView):
    search_fields = ("place", "note")
    model = OutdoorSession
    heading = "流动居委会与站岗式服务"
    add_url_name = "services:outdoor_add"
    columns = [("地点", "place"), ("形式", "get_kind_display"), ("开始", "starts_at"), ("结束", "ends_at"),
               ("服务内容", "note"), ("社区", "organization.name")]
    select_related = ("organization",)


class OutdoorView(StaffOnlyMixin, ObjectView):
    model = OutdoorSession
    template_name = "services/outdoor.html"

    def base_queryset(self):
        return OutdoorSession.objects.select_related("organization").prefetch_related("staff")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, session = self.request.user, self.object
        matters = list(OutdoorMatter.objects.visible_to(user).filter(session=session)
                       .select_related("problem", "wish", "session__organization"))
        for m in matters:
            m.may_turn = actions.may_turn(user, m)
            m.wish_form = MatterWishForm(user=user, prefix=f"wish{m.pk}") if m.may_turn else None
        ctx["matters"] = matters
        ctx["may_manage"] = actions.may_manage_outdoor(user, session)
        if ctx["may_manage"]:
            ctx["matter_form"] = MatterForm(prefix="matter")
        return ctx


class OutdoorEditView(ObjectEditView):
    model = OutdoorSession
    form_class = OutdoorSessionForm

    def save_form(self, form):
        session = form.save(commit=False)
        if session.pk is None:
            session.created_by = self.request.user
        session.save()
        form.save_m2m()
        return session


def _errors(form) -> str:
    return "；".join(e for errs in form.errors.values() for e in errs)


@staff_only
@require_POST
def matter_add(request, pk):
    session = get_editable_or_404(OutdoorSession, request.user, pk)  # 404 out of sight, 403 read-only: before the form
    form = MatterForm(request.POST, prefix="matter")
    if not form.is_valid():
        messages.error(request, _errors(form))
        return HttpResponseRedirect(session.get_absolute_url())
    d = form.cleaned_data
    return run_action(request, session.get_absolute_url(),
                      lambda: actions.add_matter(request.user, session, d["content"], d["resident_name"],
                                                 d["handling"], d["settled"]), "已登记事项。")


@staff_only
@require_POST
def matter_action(request, pk, action):
    matter = get_editable_or_404(OutdoorMatter, request.user, pk)  # 404 out of sight, 403 read-only
    back = matter.session.get_absolute_url()
    if action == "problem":
        return run_action(request, back, lambda: actions.to_problem(request.user, matter), "已转入问题清单。")
    if action != "wish":
        raise Http404("没有这项操作。")
    form = MatterWishForm(request.POST, user=request.user, prefix=f"wish{matter.pk}")
    if not form.is_valid():
        messages.error(request, _errors(form))
        return HttpResponseRedirect(back)
    d = form.cleaned_data
    return run_action(request, back, lambda: actions.to_wish(request.user, matter, d["resident"], d["category"]),
                      "已转为微心愿，待审核发布。")
