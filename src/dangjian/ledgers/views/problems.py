from django.http import Http404
from django.views.decorators.http import require_POST

from dangjian.core.views import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    evidence_response,
    get_visible_or_404,
    run_action,
)

from .. import actions
from ..choices import ProblemStatus
from ..filters import ProblemFilterSet
from ..forms import ProblemForm, ReasonForm, ResolveForm
from ..models import Problem


class ProblemListView(ObjectListView):
    model = Problem
    filterset_class = ProblemFilterSet
    template_name = "ledgers/problem_list.html"

    def base_queryset(self):
        return Problem.objects.select_related("organization", "responsible_person")


class ProblemView(ObjectView):
    model = Problem
    template_name = "ledgers/problem.html"

    def base_queryset(self):
        return Problem.objects.select_related("organization", "responsible_org", "responsible_person",
                                              "source_visit", "verified_by", "reason_accepted_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        p = self.object
        user = self.request.user
        ctx["statuses"] = ProblemStatus
        ctx["resolve_form"] = ResolveForm()
        ctx["reason_form"] = ReasonForm()
        ctx["may"] = {
            "change": actions.may_change_problem(user, p), "verify": actions.may_verify_problem(user, p),
            "close": actions.may_close_problem(user, p), "ask_close": actions.may_ask_to_close(user, p),
            "decline_close": actions.may_decline_close(user, p),
            "accept": actions.may_accept_reason(user, p),
        }
        ctx["tasks"] = p.tasks.visible_to(user)
        ctx["notices"] = p.notices.select_related("recipient")
        ctx["feedback"] = list(p.feedback.visible_to(user).order_by("asked_on", "pk")) if p.raised_in_id else []
        return ctx


class ProblemEditView(ObjectEditView):
    model = Problem
    form_class = ProblemForm

    def save_form(self, form):
        files = form.cleaned_data.pop("evidence_files", [])
        if form.instance.pk:
            problem = form.save()
            actions._attach(self.request.user, problem, files)
            return problem
        data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
        return actions.create_problem(self.request.user, form.cleaned_data["organization"], uploads=files, **data)


STEPS = ("rectify", "resolve", "verify", "reject", "close", "ask_close", "decline_close", "reason", "accept")


@require_POST
def problem_action(request, pk, action):
    """Workflow steps; each action checks its own `may_…` rule (the level above verifies, closes, accepts)."""
    if action not in STEPS:
        raise Http404
    user, post = request.user, request.POST
    problem = get_visible_or_404(Problem, user, pk=pk)
    steps = {
        "rectify": (lambda: actions.start_rectifying(user, problem, post.get("measures", "")), "已开始整改。"),
        "resolve": (lambda: actions.resolve_problem(user, problem, post.get("resolution", ""),
                                                    uploads=request.FILES.getlist("evidence_files")),
                    "已标记为已整改，待上级验收。"),
        "verify": (lambda: actions.verify_problem(user, problem, True), "已验收。"),
        "reject": (lambda: actions.verify_problem(user, problem, False, post.get("reason", "")),
                   "验收未通过，已退回整改。"),
        "close": (lambda: actions.close_problem(user, problem, post.get("closed_reason", "")), "已关闭。"),
        "ask_close": (lambda: actions.request_close(user, problem, post.get("closed_reason", "")),
                      "已提请上级组织关闭，等待上级决定。"),
        "decline_close": (lambda: actions.decline_close(user, problem, post.get("reason", "")),
                          "已答复：不同意关闭，问题继续整改。"),
        "reason": (lambda: actions.submit_reason(user, problem, post.get("no_evidence_reason", "")),
                   "说明已提交，待上级组织认可。"),
        "accept": (lambda: actions.accept_reason(user, problem), "已认可该说明。"),
    }
    func, message = steps[action]
    return run_action(request, problem.get_absolute_url(), func, message)


def problem_file(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(Problem, request.user, pk=pk), evidence_pk, "evidence")
