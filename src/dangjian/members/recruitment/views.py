"""Pages of the recruitment pipeline: the list (台账) per branch, community or street, a candidate's page with
its timeline and next step, the application form and one form per step.

Scope comes from the model's reach (the branch and everything above sees); each step's form is offered and
accepted by the step's one predicate (`actions.may_<step>`): the branch's writers for branch steps, the level
above for pre-review and approvals.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from dangjian.core.filters import ScopedFilterSet
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.views import (
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    add_validation_error,
    get_visible_or_404,
    staff_only,
)
from dangjian.core.workflow import step as atomic_step
from dangjian.orgs.filters import SubtreeFilter

from ..models import Candidate, CandidateStep
from . import actions, rules
from .choices import Stage, Step
from .forms import FORMS, ApplicationForm


class CandidateFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="姓名", field_name="person__name", lookup_expr="icontains")
    within = SubtreeFilter(label="所在组织", path_lookup="branch__path")
    stage = django_filters.ChoiceFilter(label="阶段", choices=Stage.choices)
    overdue = django_filters.BooleanFilter(label="已逾期", method="filter_overdue")

    class Meta:
        model = Candidate
        fields = ["q", "within", "stage", "overdue"]

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        return qs.filter(next_due__lt=today) if value else qs.exclude(next_due__lt=today)


LEDGER = [  # the 台账's columns: (header, accessor)
    ("姓名", "person.name"), ("性别", "person.get_gender_display"), ("出生日期", "person.birth_date"),
    ("所在支部", "branch.name"), ("阶段", "get_stage_display"), ("入党申请书日期", "applied_on"),
    ("谈话日期", "talked_on"), ("谈话人", "talk_by"), ("确定为积极分子日期", "activist_on"),
    ("积极分子备案日期", "activist_filed_on"), ("培养联系人", "contacts"), ("确定为发展对象日期", "developed_on"),
    ("发展对象备案日期", "developed_filed_on"), ("政审日期", "reviewed_on"), ("政审结论", "review_conclusion"),
    ("集中培训结业日期", "trained_until"), ("培训学时", "training_hours"), ("入党介绍人", "introducers"),
    ("支委会审查日期", "committee_reviewed_on"), ("上级党委预审日期", "prereviewed_on"),
    ("支部大会通过日期", "voted_on"), ("赞成/应到", "vote_text"), ("上级党委审批日期", "approved_on"),
    ("入党宣誓日期", "oath_on"), ("延长预备期（月）", "extended_months"), ("预备期满日期", "probation_end"),
    ("转正讨论日期", "convert_voted_on"), ("批准转正日期", "converted_on"), ("下一步", "get_next_step_display"),
    ("办理期限", "due_label"), ("终止原因", "stop_reason"),
]


def _ledger_row(c):
    from dangjian.core.templatetags.dj import cell

    c.contacts = "、".join(m.person.name for m in (c.contact_1, c.contact_2) if m)
    c.introducers = "、".join(m.person.name for m in (c.introducer_1, c.introducer_2) if m)
    c.vote_text = f"{c.vote_for}/{c.vote_entitled}" if c.vote_entitled else ""
    c.probation_end = rules.probation_end(c) if c.member_id else None
    row = []
    for _, accessor in LEDGER:
        value = cell(c, accessor)
        row.append(value if isinstance(value, (int, float)) or hasattr(value, "year") else str(value))
    return row


class CandidateListView(StaffOnlyMixin, TableListView):
    model = Candidate
    filterset_class = CandidateFilterSet
    heading = "发展党员"
    add_url_name = "recruitment:apply"
    search_fields = ("person__name", "person__pinyin_initials")
    columns = [("姓名", "person.name"), ("阶段", "get_stage_display"), ("所在支部", "branch.name"),
               ("入党申请书日期", "applied_on"), ("下一步", "get_next_step_display"), ("最早可办", "next_from"),
               ("办理期限", "due_label")]
    select_related = ("person", "branch")

    def export(self):
        """The pipeline's 台账: every step's date of every candidate the user sees (filtered as the page)."""
        from dangjian.core.export_jobs import in_background

        title = "发展党员工作台账"
        rows = self.get_queryset().select_related(
            "contact_1__person", "contact_2__person", "introducer_1__person", "introducer_2__person")[:20000]
        started = in_background(self.request, rows=rows.count(), title=title)
        if started:
            return started
        wb = build_workbook(title, [h for h, _ in LEDGER], (_ledger_row(c) for c in rows),
                            subtitle=f"截至{timezone.localdate():%Y-%m-%d}")
        return xlsx_response(wb, f"{title}.xlsx")


def step_buttons(user, c) -> list[dict]:
    """The steps this user may take now, each with its earliest date and deadline (the page's buttons)."""
    return [{"step": s, "label": s.label, "earliest": rules.earliest(s, c), "deadline": rules.deadline(s, c),
             "by_above": rules.RULES[s].by_above} for s in actions.possible_steps(user, c)]


class CandidateView(StaffOnlyMixin, ObjectView):
    model = Candidate
    template_name = "members/recruitment/candidate.html"

    def base_queryset(self):
        return Candidate.objects.select_related(
            "person", "branch", "member", "contact_1__person", "contact_2__person", "introducer_1__person",
            "introducer_2__person")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        c, user = self.object, self.request.user
        ctx["steps"] = CandidateStep.objects.filter(candidate=c).select_related("recorded_by")
        ctx["buttons"] = step_buttons(user, c)
        ctx["probation_end"] = rules.probation_end(c) if c.voted_on else None
        ctx["approver"] = actions._approver(c)
        ctx["next_label"] = Step(c.next_step).label if c.next_step else ""
        ctx["today"] = timezone.localdate()
        return ctx


@staff_only
def apply_view(request):
    """递交入党申请书: register the application of an existing person or a new one."""
    from dangjian.core.views import can_create

    if not can_create(request.user, Candidate):
        raise PermissionDenied("您的角色不能登记入党申请。")
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with atomic_step():
                c = actions.apply(request.user, data["branch"], form.person_for(), data["applied_on"],
                                  data.get("note") or "", data.get("document") or "")
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # the new person's own fields (ID number, phone) come back by name
                exc = ValidationError({("person" if k not in form.fields else k): v
                                       for k, v in exc.message_dict.items()})
            add_validation_error(form, exc)
        else:
            messages.success(request, f"已登记{c.person.name}的入党申请。")
            return HttpResponseRedirect(c.get_absolute_url())
    return render(request, "members/recruitment/apply.html", {"form": form})


@staff_only
def step_view(request, pk, step):
    """One step's form: shown and accepted by the step's predicate; refusals come back on the form."""
    c = get_visible_or_404(Candidate.objects.select_related("branch", "person"), request.user, pk=pk)
    try:
        step = Step(step)
    except ValueError:
        raise Http404 from None
    if step not in actions.ACTIONS:
        raise Http404
    if not actions._allowed(step, request.user, c):
        raise PermissionDenied("您的角色不能办理此环节。")
    form_class = FORMS[step]
    form = form_class(request.POST or None, candidate=c)
    blocked = rules.blocker(step, c)
    if request.method == "POST" and form.is_valid():
        try:
            with atomic_step():
                actions.ACTIONS[step](request.user, c, form.cleaned_data["date"], **form.arguments())
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"已办理“{step.label}”。")
            return HttpResponseRedirect(c.get_absolute_url())
    return render(request, "members/recruitment/step.html", {
        "object": c, "form": form, "step": step, "blocked": blocked, "earliest": rules.earliest(step, c),
        "deadline": rules.deadline(step, c), "by_above": rules.RULES[step].by_above})
