"""Overdue help visits notified to the grid's staff, the help group and the community secretary, once per due date."""

from datetime import date, timedelta

from django.db.models import Q

from dangjian.core import tree
from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.orgs.models import RoleAssignment

from . import actions
from .due import overdue
from .models import ResidentFile


def retention_days() -> int:
    from django.conf import settings

    return settings.ARCHIVE_RETENTION_DAYS


def _recipients(file, today):
    paths = tree.ancestor_paths(file.organization.path, include_self=True)
    roles = (
        RoleAssignment.objects.filter(
            organization__path__in=paths,
            start__lte=today,
            role__in=[Role.COMMUNITY_SECRETARY, Role.GRID_WORKER, Role.BRANCH_SECRETARY],
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("user")
    )
    users = {r.user for r in roles}
    for group in file.help_groups.prefetch_related("members__user"):
        users |= {m.user for m in group.members.all() if m.user_id}
    return users


@daily_job("帮扶走访到期")
def help_visits_due(today: date) -> int:
    created = 0
    for file in overdue(ResidentFile.objects.select_related("organization"), today):
        for user in _recipients(file, today):
            created += notify(
                user,
                f"help-visit:{file.pk}:{file.due_on:%Y-%m-%d}",
                "民情档案帮扶走访已逾期",
                f"应于{file.due_on:%m月%d日}前走访（{file.level.label}）。",
                file.get_absolute_url(),
                "care",
            )
    for file in ResidentFile.objects.filter(
        status="closed", anonymised_at__isnull=True, closed_on__lt=today - timedelta(days=retention_days())
    ):
        actions.anonymise(file, reason=f"销档满{retention_days()}天")
    return created
