"""Supervision (督办): overdue tasks and problems notify the responsible, then the level above."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q

from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.orgs.models import Organization, RoleAssignment

from .choices import OPEN_PROBLEM_STATUSES
from .models import Problem, SupervisionNotice, Task, VisitRequirement
from .states import leaf_tasks

RESPONSIBLE_ROLES = (Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY, Role.STREET_ADMIN)


def _holders(org_ids, today) -> dict[int, list]:
    rows = (RoleAssignment.objects.filter(organization_id__in=org_ids, role__in=RESPONSIBLE_ROLES, start__lte=today)
            .filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user"))
    result = {}
    for r in rows:
        result.setdefault(r.organization_id, []).append(r.user)
    return result


def _parent_id(org, by_path):
    parent = by_path.get(org.path[: -Organization.steplen])
    return parent.pk if parent else None


def _issue(item, org, recipient, level, message) -> int:
    field = "task" if isinstance(item, Task) else "problem"
    if SupervisionNotice.objects.filter(**{field: item}, level=level, recipient=recipient).exists():
        return 0
    try:
        with transaction.atomic():
            notice = SupervisionNotice.objects.create(**{field: item}, organization=org, level=level,
                                                      recipient=recipient, message=message[:300])
    except IntegrityError:
        return 0
    notify(recipient, f"supervision:{notice.pk}", ("【督办】" if level == 0 else "【督办·上级】") + message[:180],
           url=item.get_absolute_url(), kind="supervision")
    return 1


@daily_job("三张清单督办")
def supervise(today: date) -> int:
    grace = VisitRequirement.current().supervision_grace_days
    tasks = list(leaf_tasks(Task.objects.filter(done_on__isnull=True, deadline__lt=today))
                 .select_related("organization", "responsible_person__user"))
    problems = list(Problem.objects.filter(status__in=OPEN_PROBLEM_STATUSES, deadline__lt=today)
                    .select_related("organization", "responsible_person__user"))
    orgs = {i.organization for i in tasks + problems}
    parent_paths = {o.path[: -Organization.steplen] for o in orgs}
    by_path = {o.path: o for o in Organization.objects.filter(path__in=parent_paths)}
    holders = _holders({o.pk for o in orgs} | {o.pk for o in by_path.values()}, today)
    created = 0
    for item in tasks + problems:
        org = item.organization
        days = (today - item.deadline).days
        label = "任务" if isinstance(item, Task) else "问题"
        person_user = getattr(item.responsible_person, "user", None) if item.responsible_person_id else None
        first = [person_user] if person_user else holders.get(org.pk, [])
        for user in first:
            message = f"{label}“{item}”已超过时限{days}天（{item.deadline:%m月%d日}），请尽快办理。"
            created += _issue(item, org, user, 0, message)
        if days >= grace:
            for user in holders.get(_parent_id(org, by_path), []):
                created += _issue(item, org, user, 1,
                                  f"{org.name}的{label}“{item}”逾期{days}天仍未办结，请督促。")
    return created
