"""Supervision (督办): overdue tasks and problems notify the responsible, then the level above."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core import tree
from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.core.workflow import Refused, transition
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


def _close_settled(today: date) -> None:
    """Notices whose item is no longer overdue (done, resolved, closed, deleted, deadline moved) close."""
    open_notices = SupervisionNotice.objects.filter(closed_at__isnull=True)
    settled = open_notices.filter(
        Q(task__isnull=False) & (Q(task__done_on__isnull=False) | Q(task__deleted_at__isnull=False)
                                 | Q(task__deadline__gte=today))
        | Q(problem__isnull=False) & (~Q(problem__status__in=OPEN_PROBLEM_STATUSES)
                                      | Q(problem__deleted_at__isnull=False) | Q(problem__deadline__gte=today))
    )
    for notice in settled:
        try:
            transition(notice, when={"closed_at__isnull": True}, to={"closed_at": timezone.now()}, actor=None,
                       refusal="该督办已办结。", step="自动办结", reason="事项已办结或不再逾期")
        except Refused:
            pass  # closed meanwhile by the step that settled it


@daily_job("三张清单督办")
def supervise(today: date) -> int:
    _close_settled(today)
    grace = VisitRequirement.current().supervision_grace_days
    tasks = list(leaf_tasks(Task.objects.filter(done_on__isnull=True, deadline__lt=today))
                 .select_related("organization", "responsible_person__user"))
    problems = list(Problem.objects.filter(status__in=OPEN_PROBLEM_STATUSES, deadline__lt=today)
                    .select_related("organization", "responsible_org", "responsible_person__user"))
    responsible = {i.pk if isinstance(i, Task) else -i.pk: (getattr(i, "responsible_org", None) or i.organization)
                   for i in tasks + problems}
    orgs = set(responsible.values())
    parents = {tree.parent_path(o.path) for o in orgs}
    by_path = {o.path: o for o in Organization.objects.filter(path__in=parents)}
    holders = _holders({o.pk for o in orgs} | {o.pk for o in by_path.values()}, today)
    created = 0
    for item in tasks + problems:
        org = responsible[item.pk if isinstance(item, Task) else -item.pk]
        days = (today - item.deadline).days
        label = "任务" if isinstance(item, Task) else "问题"
        recipients = list(holders.get(org.pk, []))
        person_user = item.responsible_person.user if item.responsible_person_id else None
        # The responsible person too, when they can open the item the notice links to.
        if person_user and person_user not in recipients and type(item).objects.visible_to(person_user).filter(
                pk=item.pk).exists():
            recipients.append(person_user)
        message = f"{label}“{item}”已超过时限{days}天（{item.deadline:%m月%d日}），请尽快办理。"
        for user in recipients:
            created += _issue(item, org, user, 0, message)
        parent = by_path.get(tree.parent_path(org.path))
        if days >= grace and parent is not None:
            for user in holders.get(parent.pk, []):
                created += _issue(item, org, user, 1, f"{org.name}的{label}“{item}”逾期{days}天仍未办结，请督促。")
    return created
