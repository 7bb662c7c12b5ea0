from django.shortcuts import render
from django.views.decorators.http import require_POST

from dangjian.core.forms import store_evidence
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, evidence_response, get_visible_or_404

from .. import actions
from ..choices import ProblemStatus
from ..filters import ProblemFilterSet
from ..forms import ProblemForm, ReasonForm, ResolveForm
from ..models import Problem
from .common import editable_or_403, evidence_from, run_action


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
        ctx["can_verify"] = actions.is_level_above(user, p.organization, Problem.edit_roles)
        ctx["tasks"] = p.tasks.visible_to(user)
        ctx["notices"] = p.notices.select_related("recipient")
        return ctx


class ProblemEditView(ObjectEditView):
    model = Problem
    form_class = ProblemForm

    def save_form(self, form):
        files = form.cleaned_data.pop("evidence_files", [])
        if form.instance.pk:
            problem = form.save()
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
            problem = actions.create_problem(self.request.user, form.cleaned_data["organization"], **data)
        if files:
            problem.evidence.add(*store_evidence(files, problem.organization, self.request.user))
        return problem


@require_POST
def problem_action(request, pk, action):
    """Workflow steps: rectify, resolve, verify, reject, close, reason, accept."""
    user = request.user
    if action in ("verify", "reject", "accept"):
        problem = get_visible_or_404(Problem, user, pk=pk)  # the level above acts on the level below
    else:
        problem = editable_or_403(Problem, user, pk)
    post = request.POST
    steps = {
        "rectify": (lambda: actions.start_rectifying(user, problem, post.get("measures", "")), "已开始整改。"),
        "resolve": (lambda: actions.resolve_problem(user, problem, post.get("resolution", ""),
                                                    evidence_from(request, "evidence_files", problem.organization)),
                    "已标记为已整改，待上级验收。"),
        "verify": (lambda: actions.verify_problem(user, problem, True), "已验收。"),
        "reject": (lambda: actions.verify_problem(user, problem, False), "验收未通过，已退回整改。"),
        "close": (lambda: actions.close_problem(user, problem, post.get("closed_reason", "")), "已关闭。"),
        "reason": (lambda: actions.submit_reason(user, problem, post.get("no_evidence_reason", "")),
                   "说明已提交，待上级组织认可。"),
        "accept": (lambda: actions.accept_reason(user, problem), "已认可该说明。"),
    }
    if action not in steps:
        return render(request, "404.html", status=404)
    func, message = steps[action]
    return run_action(request, problem, func, message)


def problem_file(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(Problem, request.user, pk=pk), evidence_pk, "evidence")
