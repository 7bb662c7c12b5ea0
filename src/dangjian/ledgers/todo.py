"""What waits in the three lists: problems to verify or to decide on, overdue problems, tasks due, work
assigned from above that has not been reported on, supervision notices to answer, a cadre's week."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.scope import acts_above_q
from dangjian.core.todo import todo

from .choices import OPEN_PROBLEM_STATUSES, ProblemStatus, VisitKind
from .models import Problem, ProgressEntry, SupervisionNotice, Task, Visit
from .states import leaf_tasks

DECIDERS = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})
REPORTERS = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY})
PROBLEM = (("组织", "organization.name"), ("整改时限", "deadline"))
TASK = (("组织", "organization.name"), ("时限", "deadline"))


@todo("problems_to_verify", "待验收的问题", roles=DECIDERS, order=10, columns=PROBLEM,
      hint="下级组织已整改并提交佐证材料，请核实后验收通过或退回整改。")
def problems_to_verify(user):
    rows = Problem.objects.visible_to(user).filter(acts_above_q(user, Problem.edit_roles),
                                                   status=ProblemStatus.RESOLVED)
    return rows.select_related("organization").order_by("resolved_on", "pk")


@todo("close_requests", "待决定的关闭申请", roles=DECIDERS, order=11, columns=(("申请理由", "close_request_reason"),),
      hint="下级组织申请关闭的问题：同意则关闭，不同意请写明原因。")
def close_requests(user):
    return (Problem.objects.visible_to(user).filter(acts_above_q(user, Problem.edit_roles),
                                                    close_requested_at__isnull=False,
                                                    status__in=OPEN_PROBLEM_STATUSES)
            .select_related("organization").order_by("close_requested_at", "pk"))


@todo("problems_overdue", "逾期未整改的问题", roles=REPORTERS, order=12, columns=PROBLEM)
def problems_overdue(user):
    return (Problem.objects.editable_by(user).filter(status__in=OPEN_PROBLEM_STATUSES,
                                                     deadline__lt=timezone.localdate())
            .select_related("organization").order_by("deadline", "pk"))


@todo("tasks_due", "本周到期的任务", roles=REPORTERS, order=13, columns=TASK)
def tasks_due(user):
    today = timezone.localdate()
    return (leaf_tasks(Task.objects.editable_by(user)).filter(done_on__isnull=True, deadline__gte=today,
                                                              deadline__lte=today + timedelta(days=7))
            .select_related("organization").order_by("deadline", "pk"))


@todo("splits_to_report", "上级下达、近30天未报进展的任务", roles=REPORTERS, order=14, columns=TASK,
      hint="分解下达到本组织的任务，请登记进展或提交完成材料。")
def splits_to_report(user):
    recent = ProgressEntry.objects.filter(task=OuterRef("pk"), date__gte=timezone.localdate() - timedelta(days=30))
    return (Task.objects.editable_by(user).filter(parent__isnull=False, done_on__isnull=True)
            .filter(~Exists(recent)).select_related("organization").order_by("deadline", "pk"))


@todo("notices", "待回复的督办", order=15, columns=(("督办时间", "created"),),
      hint="请办理督办事项，并在“督办”页回复办理情况。")
def notices(user):
    return (SupervisionNotice.objects.visible_to(user).filter(recipient=user, reply="", closed_at__isnull=True)
            .select_related("task", "problem").order_by("created", "pk"))


@todo("week_visits", "本周已走访社区（次）", roles=frozenset({Role.CADRE}), order=16, columns=(("日期", "date"),),
      hint="分包社区每周至少走访的次数见“干部走访情况”；走访后请登记“看、听、说、办”。")
def week_visits(user):
    """The cadre's own community visits this week (the quota is in the hint: progress, not a backlog)."""
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    return (Visit.objects.visible_to(user).filter(cadre=user, kind=VisitKind.COMMUNITY, date__gte=monday)
            .select_related("organization").order_by("date", "pk"))

