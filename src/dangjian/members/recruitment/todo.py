"""What waits in the pipeline: the branch's steps due within 30 days or overdue; the level above's
pre-reviews and approvals."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from dangjian.core.scope import acts_above_q
from dangjian.core.todo import todo

from ..models import Candidate
from .actions import APPROVER_ROLES, BRANCH_ROLES
from .choices import APPROVAL_STEPS
from .rules import RULES

DUE_DAYS = 30
COLUMNS = (("姓名", "person.name"), ("所在支部", "branch.name"), ("下一步", "get_next_step_display"),
           ("最早可办", "next_from"), ("办理期限", "due_label"))


def due_soon(today=None) -> Q:
    """Next steps whose deadline falls within 30 days (or has passed), or that become possible within 30 days."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=DUE_DAYS)
    return Q(next_due__lte=horizon) | Q(next_due__isnull=True, next_from__gt=today, next_from__lte=horizon)


@todo("recruitment_due", "发展党员：到期和逾期的环节", roles=BRANCH_ROLES, order=50, columns=COLUMNS,
      hint="30天内到期、已逾期或即将可以办理的发展党员环节，请按期办理。")
def recruitment_due(user):
    return (Candidate.objects.editable_by(user).filter(due_soon())
            .exclude(next_step__in=[s.value for s in APPROVAL_STEPS])
            .select_related("person", "branch").order_by("next_due", "next_from", "pk"))


@todo("recruitment_approvals", "发展党员：待上级党委预审、审批", roles=APPROVER_ROLES, order=51, columns=COLUMNS,
      hint="下级支部报来的发展对象预审、接收预备党员和预备党员转正，请审批。")
def recruitment_approvals(user):
    return (Candidate.objects.visible_to(user).filter(acts_above_q(user, APPROVER_ROLES, "branch"))
            .filter(next_step__in=[s.value for s in APPROVAL_STEPS if RULES[s].by_above])
            .select_related("person", "branch").order_by("next_due", "next_from", "pk"))
