from django.http import Http404
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.params import int_param
from dangjian.core.views import (
    ObjectEditView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    evidence_response,
    get_visible_or_404,
    run_action,
    staff_only,
)

from . import actions
from .forms import DecisionForm, RecordForm, ReportForm, SupervisorForm
from .models import STAGE_KEYS, STAGES, VOTE_RULE, Decision, Opinion, SentimentReport, SupervisionRecord, Supervisor


class DecisionListView(StaffOnlyMixin, TableListView):
    model = Decision
    heading = "一征三议两公开"
    add_url_name = "governance:decision_add"
    search_fields = ("title",)
    columns = [("事项", "title"), ("当前阶段", "stage"), ("社区", "community.name"), ("征集意见", "opinions_count")]
    select_related = ("community",)


class DecisionView(StaffOnlyMixin, ObjectView):
    """The working record (the committees' minutes, who did each step): staff only. Residents read a
    published decision on their community's board (/p/), which shows what was published, not the minutes."""

    model = Decision
    template_name = "governance/decision.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        decision, user = self.object, self.request.user
        ctx["steps"] = decision.steps.select_related("actor").prefetch_related("attachments")
        ctx["stages"] = STAGES
        ctx["vote_rule"] = VOTE_RULE
        ctx["if_failed"] = actions.IF_FAILED
        ctx["may_advance"] = actions.may_advance(user, decision)
        ctx["may_reopen"] = actions.may_reopen(user, decision)
        done = STAGE_KEYS.index(decision.stage) + 1 if decision.stage in STAGE_KEYS else 0
        ctx["completed"] = STAGES[:done]
        opinions = Opinion.objects.visible_to(user).filter(decision=decision).select_related("grid")
        ctx["online_count"] = opinions.count()
        ctx["opinions"] = list(opinions[:50])
        return ctx


class DecisionEditView(ObjectEditView):
    model = Decision
    form_class = DecisionForm


@require_POST
def advance(request, pk):
    decision = get_visible_or_404(Decision, request.user, pk=pk)
    post = request.POST
    votes = tuple(int_param(post.get(k)) for k in actions.VOTE_FIELDS)
    return run_action(request, decision.get_absolute_url(), lambda: actions.advance(
        request.user, decision, post.get("stage", ""), timezone.localdate(), post.get("record", ""),
        opinions=int_param(post.get("opinions_count")), votes=votes if any(v is not None for v in votes) else None,
        files=request.FILES.getlist("attachments"), if_failed=post.get("if_failed", "reject"),
    ), "已完成本阶段。")


@staff_only
def decision_file(request, pk, evidence_pk):
    """An attachment of one of the decision's steps, served only to those who see the decision."""
    decision = get_visible_or_404(Decision, request.user, pk=pk)
    step = decision.steps.filter(attachments__pk=evidence_pk).first()
    if step is None:
        raise Http404
    return evidence_response(step, evidence_pk)


@require_POST
def reopen(request, pk):
    decision = get_visible_or_404(Decision, request.user, pk=pk)
    return run_action(request, decision.get_absolute_url(), lambda: actions.reopen(
        request.user, decision, request.POST.get("to_stage", ""), request.POST.get("reason", "")), "已退回重议。")


class SupervisorListView(StaffOnlyMixin, TableListView):
    model = Supervisor
    heading = "四大员"
    add_url_name = "governance:supervisor_add"
    extra_links = [("登记监督记录", "governance:record_add"), ("监督记录", "governance:record_list")]
    columns = [("人员", "person.name"), ("岗位", "post"), ("社区", "community.name"), ("聘任日期", "since")]
    select_related = ("person", "community")


class SupervisorEditView(ObjectEditView):
    model = Supervisor
    form_class = SupervisorForm


class RecordListView(StaffOnlyMixin, TableListView):
    model = SupervisionRecord
    heading = "监督记录"
    add_url_name = "governance:record_add"
    columns = [
        ("日期", "date"),
        ("监督内容", "subject"),
        ("监督员", "supervisor"),
        ("发现情况", "finding"),
        ("跟进处理", "follow_up"),
    ]
    select_related = ("supervisor__person",)


class RecordEditView(ObjectEditView):
    model = SupervisionRecord
    form_class = RecordForm


class ReportListView(StaffOnlyMixin, TableListView):
    model = SentimentReport
    heading = "社情民意"
    add_url_name = "governance:report_add"
    search_fields = ("topic", "content")
    columns = [
        ("主题", "topic"),
        ("紧急程度", "urgency"),
        ("状态", "status"),
        ("社区", "community.name"),
        ("网格", "grid.name"),
        ("报送时间", "created"),
    ]
    select_related = ("community", "grid")


class ReportView(ObjectView):
    model = SentimentReport
    template_name = "governance/report.html"

    def base_queryset(self):
        return SentimentReport.objects.select_related("problem", "community", "reporter", "grid", "photo")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_turn_into_problem"] = actions.may_turn_into_problem(self.request.user, self.object)
        ctx["may_answer"] = actions.may_answer(self.request.user, self.object)
        return ctx


class ReportEditView(ObjectEditView):
    model = SentimentReport
    form_class = ReportForm

    def save_form(self, form):
        report = form.save(commit=False)
        report.reporter = report.reporter or self.request.user
        report.save()
        return report


@require_POST
def report_to_problem(request, pk):
    report = get_visible_or_404(SentimentReport, request.user, pk=pk)
    return run_action(request, report.get_absolute_url(),
                      lambda: actions.to_problem(request.user, report, title=request.POST.get("title")),
                      "已转入问题清单。")


@require_POST
def report_answer(request, pk):
    report = get_visible_or_404(SentimentReport, request.user, pk=pk)
    return run_action(request, report.get_absolute_url(),
                      lambda: actions.answer(request.user, report, request.POST.get("answer", "")), "已答复。")
