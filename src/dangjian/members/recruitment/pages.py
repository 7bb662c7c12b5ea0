"""The recruitment pages in the role × view and write matrices (core/pages.py)."""

from django.db.models import Q

from dangjian.core.pages import Page, register

from ..models import Candidate
from .actions import APPROVER_ROLES, BRANCH_ROLES
from .choices import Step
from .rules import RULES


def _step_page(step):
    rule = RULES[step]
    return Page("recruitment:step", f"发展党员：{step.label}", model=Candidate, writes=True, bench=False,
                kwargs=lambda c, s=step.value: {"pk": c.pk, "step": s}, where=Q(stage__in=rule.stages),
                writers=APPROVER_ROLES if rule.by_above else BRANCH_ROLES)


register(
    Page("recruitment:candidate_list", "发展党员"),
    Page("recruitment:candidate_list", "发展党员：已逾期", query="overdue=true"),
    Page("recruitment:candidate_list", "发展党员台账导出", query="format=xlsx", bench=False),
    Page("recruitment:candidate", "发展党员详情", model=Candidate),
    Page("recruitment:apply", "登记入党申请", writes=True, writers=BRANCH_ROLES, bench=False),
    *(_step_page(step) for step in Step if step in RULES),
)
register(
    Page("todo", "我的待办：发展党员到期环节", kwargs=lambda _: {"key": "recruitment_due"}),
    Page("todo", "我的待办：发展党员待审批", kwargs=lambda _: {"key": "recruitment_approvals"}),
    Page("api:candidate-list", "API 发展党员", api=True, bench=False),
    Page("api:candidate-detail", "API 发展党员详情", model=Candidate, api=True, bench=False),
)
