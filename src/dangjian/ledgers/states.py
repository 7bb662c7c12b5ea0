"""What "overdue", "done", "solved"… mean, in one place: the ledger counts and its click-through
lists filter with the same conditions, so a figure always equals the rows behind it."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .choices import OPEN_PROBLEM_STATUSES, ProblemStatus

TASK_STATES = {"done": "已完成", "ongoing": "推进中", "overdue": "逾期未完成"}
PROBLEM_STATES = {"open": "未整改", "solved": "已整改待验收", "verified": "已验收", "overdue": "逾期未整改",
                  "closed": "已关闭"}


def task_state_q(state: str, today=None) -> Q:
    today = today or timezone.localdate()
    return {
        "done": Q(done_on__isnull=False),
        "ongoing": Q(done_on__isnull=True, deadline__gte=today),
        "overdue": Q(done_on__isnull=True, deadline__lt=today),
    }[state]


def problem_state_q(state: str, today=None) -> Q:
    today = today or timezone.localdate()
    return {
        "open": Q(status__in=OPEN_PROBLEM_STATUSES),
        "solved": Q(status=ProblemStatus.RESOLVED),
        "verified": Q(status=ProblemStatus.VERIFIED),
        "overdue": Q(status__in=OPEN_PROBLEM_STATUSES, deadline__lt=today),
        "closed": Q(status=ProblemStatus.CLOSED),
    }[state]


def leaf_tasks(qs):
    """Tasks that carry the work: community tasks, and committee tasks not split any further."""
    from .models import Task

    return qs.filter(~Exists(Task.objects.filter(parent=OuterRef("pk"))))
