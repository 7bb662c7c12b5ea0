"""The weekly summary rule (周总结): who owes one, for which weeks, by when, and who is late.

Stated once (the pages quote `RULE`): every community committee of a street, and every organization
the committee added as an assessment unit with "报送周总结", writes one summary per week. Weeks run
Monday to Sunday; a week's summary is due by the end of the following Monday (local time). A summary
counts as submitted when "提交" was pressed — a saved draft does not.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import WeeklySummary

RULE = "每周一至周日为一周，本周总结须在下周一当天结束前提交；保存草稿不算提交。"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_end(week_start: date) -> date:
    return week_start + timedelta(days=6)


def due_date(week_start: date) -> date:
    """The Monday after the week: a summary submitted any time that day is on time."""
    return week_start + timedelta(days=7)


def days_late(week_start: date, submitted_on: date) -> int:
    return max(0, (submitted_on - due_date(week_start)).days)


def late_q() -> Q:
    """The lateness rule in SQL (submitted on a local day after the due Monday), for filters and exports."""
    return Q(submitted_at__date__gt=F("week_start") + timedelta(days=7))


def week_label(week_start: date) -> str:
    end = week_end(week_start)
    return f"{week_start:%Y年%m月%d日}—{end:%m月%d日}"


def default_week(today: date) -> date:
    """The week a writer most likely means: this one, except on Monday, the deadline of last week's."""
    return monday(today) - timedelta(days=7 if today.weekday() == 0 else 0)


def units(under: Organization | None = None):
    """Organizations that owe a weekly summary (in `under`'s subtree when given)."""
    qs = Organization.objects.filter(
        Q(kind=OrgKind.COMMUNITY_COMMITTEE) | Q(assessment_unit__weekly_summary=True))
    return qs.filter(path__startswith=under.path) if under is not None else qs


@dataclass(frozen=True)
class Overdue:
    """One unit-week that is late: nothing submitted after the deadline passed, or submitted after it."""

    organization: Organization
    week_start: date
    summary_id: int | None
    submitted_at: object  # datetime or None
    days: int

    @property
    def week(self) -> str:
        return week_label(self.week_start)

    @property
    def due(self) -> date:
        return due_date(self.week_start)

    @property
    def status(self) -> str:
        if self.submitted_at is not None:
            return "逾期提交"
        return "草稿未提交" if self.summary_id else "未报送"


def owed_weeks(today: date) -> list[date]:
    """Mondays of this year's weeks up to last week, newest first (a week starting on 1 Jan or later,
    and not before the go-live date `DANGJIAN_SUMMARIES_SINCE`, so a new installation owes nothing old)."""
    first = monday(date(today.year, 1, 1))
    if first.year < today.year:
        first += timedelta(days=7)
    since = settings.SUMMARIES_SINCE
    if since is not None and since > first:
        first = monday(since) if monday(since) >= since else monday(since) + timedelta(days=7)
    last = monday(today) - timedelta(days=7)
    weeks = []
    while last >= first:
        weeks.append(last)
        last -= timedelta(days=7)
    return weeks


def late(user, street_or_org: Organization | None = None, today: date | None = None) -> list[Overdue]:
    """This year's late unit-weeks the user may see, newest week first, in two queries whatever the size.

    A week is owed from the week the unit was established (when known); a missing summary is late
    once its due Monday has ended, and its lateness grows each day until it is submitted.
    """
    today = today or timezone.localdate()
    weeks = owed_weeks(today)
    if not weeks:
        return []
    owing = units(street_or_org).visible_to(user) if user is not None else units(street_or_org)
    owing = list(owing.order_by("path"))
    submitted = {
        (org_id, week): (pk, at)
        for pk, org_id, week, at in WeeklySummary.objects.filter(
            organization__in=[u.pk for u in owing], week_start__gte=weeks[-1], week_start__lte=weeks[0]
        ).values_list("pk", "organization_id", "week_start", "submitted_at")
    }
    result = []
    for week in weeks:
        for unit in owing:
            if unit.established and unit.established > week_end(week):
                continue
            pk, at = submitted.get((unit.pk, week), (None, None))
            if at is not None:
                days = days_late(week, timezone.localdate(at))
            else:
                days = (today - due_date(week)).days
            if days > 0:
                result.append(Overdue(unit, week, pk, at, days))
    return result
