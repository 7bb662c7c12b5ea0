"""Weekly summaries (周总结): who owes one, what figures it carries, and who is late.

The rule, stated once (the pages quote `RULE`): every community committee of a street, and every
organization the committee added as an assessment unit with "报送周总结", writes one summary per
week. Weeks run Monday to Sunday; a week's summary is due by the end of the following Monday
(local time). A summary counts as submitted when "提交" was pressed — a saved draft does not.

The figures are never typed: they are the registry's metrics (`core.metrics`) over the week, so
the summary, the dashboard and the click-through list behind each number agree. On submit they
are frozen into `WeeklySummary.figures`; records entered later show up as "live" figures beside it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import DecimalField, F, Func, IntegerField, Q, Subquery
from django.utils import timezone

from dangjian.core import metrics
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import WeeklySummary

RULE = "每周一至周日为一周，本周总结须在下周一当天结束前提交；保存草稿不算提交。"

WEEK_FIGURES = [
    "meetings_held",
    "community_visits",
    "household_visits",
    "problems_found",
    "problems_solved",
    "joint_activities",
    "volunteer_hours",
    "wishes_fulfilled",
    "help_visits",
]


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



def week_figures(scope: metrics.Scope, org: Organization, week_start: date) -> list[dict]:
    """The week's figures for org in `WEEK_FIGURES` order, read in one query (see `_values`)."""
    start, end = week_start, week_end(week_start)
    values = _values(scope, org, start, end)
    result = []
    for key in WEEK_FIGURES:
        m = metrics.get(key)
        result.append({"key": key, "label": m.label, "unit": m.unit, "value": values[key],
                       "url": metrics.rows_url(key, org, start, end)})
    return result


def _values(scope, org, start, end) -> dict:
    """`metrics.value` of every week figure, as scalar subqueries of a single SELECT.

    Nine separate counts would put a detail page near its query budget; the rows are still the
    registry's own querysets, so the numbers are the same (the tests compare them). A metric that
    is derived or de-duplicated is left to `metrics.value`.
    """
    subqueries, values = {}, {}
    for key in WEEK_FIGURES:
        m = metrics.get(key)
        rows = None if m.is_derived else metrics.rows(key, scope, org, start, end)
        if rows is None or rows.query.distinct:
            values[key] = metrics.value(key, scope, org, start, end)
            continue
        total = (Func(F(m.sum_field), function="SUM", output_field=DecimalField(max_digits=20, decimal_places=2))
                 if m.sum_field else Func(F("pk"), function="COUNT", output_field=IntegerField()))
        subqueries[f"figure_{key}"] = Subquery(rows.order_by().annotate(_total=total).values("_total")[:1])
    if subqueries:
        row = Organization.objects.filter(pk=org.pk).order_by().values(**subqueries).first() or {}
        for alias in subqueries:
            key = alias.removeprefix("figure_")
            raw = row.get(alias) or 0
            # The registry's own rounding of sums, so a figure here equals `metrics.value` to the digit.
            values[key] = metrics._q(raw) if metrics.get(key).sum_field else Decimal(raw)
    return values


def snapshot(figures: list[dict]) -> dict:
    """What `WeeklySummary.figures` keeps: label and unit too, so an old summary reads as it was sent."""
    return {f["key"]: {"label": f["label"], "unit": f["unit"], "value": str(f["value"])} for f in figures}


def _decimal(raw) -> Decimal | None:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


def compare(frozen: dict, live: list[dict] | None) -> list[dict]:
    """Snapshot rows with the live value beside each one that has changed since submission."""
    live_by_key = {f["key"]: f for f in live or []}
    keys = [k for k in WEEK_FIGURES if k in frozen] + [k for k in frozen if k not in WEEK_FIGURES]
    rows = []
    for key in keys:
        item = frozen[key] if isinstance(frozen[key], dict) else {"value": frozen[key]}
        now = live_by_key.get(key)
        value = _decimal(item.get("value"))
        rows.append({"key": key, "label": item.get("label") or key, "unit": item.get("unit", ""), "value": value,
                     "url": now["url"] if now else "",
                     "live": now["value"] if now and now["value"] != value else None})
    return rows


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
