"""Monday reminder: last week's summary is due by the end of today (run by `dangjian remind`)."""

from datetime import date, timedelta

from django.db.models import Q
from django.urls import reverse

from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.orgs.models import RoleAssignment
from dangjian.orgs.params import PARAM

from . import rules
from .models import WeeklySummary

# Who writes a unit's summary: the secretary holding the unit itself (a community, or a two-new
# organization's party body). Branch secretaries below a community are not asked: they cannot write it.
WRITER_ROLES = (Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY)


@daily_job("周总结报送提醒")
def weekly_summary_due(today: date) -> int:
    """On Mondays, each unit whose last week's summary is not submitted yet: one notice per secretary and week."""
    if today.weekday() != 0:
        return 0
    week = today - timedelta(days=7)
    done = WeeklySummary.objects.filter(week_start=week, submitted_at__isnull=False).values("organization_id")
    owing = rules.units().exclude(pk__in=done).filter(Q(established__isnull=True) | Q(established__lte=today))
    holders = (RoleAssignment.objects.filter(organization__in=owing, role__in=WRITER_ROLES, start__lte=today)
               .filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user", "organization"))
    created = 0
    for holder in holders:
        org = holder.organization
        created += notify(
            holder.user, f"weekly-summary:{org.pk}:{week.isoformat()}",
            f"请在今天内提交{org.name}上周（{rules.week_label(week)}）的周总结",
            f"{rules.RULE}本周数据由平台按记录自动计算，只需填写工作小结和下周安排。",
            f"{reverse('assessment:summary_write')}?{PARAM}={org.pk}&week={week.isoformat()}", "reminder",
        )
    return created
