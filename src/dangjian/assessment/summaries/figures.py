"""A weekly summary's figures: never typed, always the registry's metrics (`core.metrics`) over the week.

So the summary, the dashboard and the click-through list behind each number agree. On submit they
are frozen into `WeeklySummary.figures`; records entered later show up as "live" figures beside it.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import DecimalField, F, Func, IntegerField, Subquery

from dangjian.core import metrics
from dangjian.orgs.models import Organization

from .rules import week_end

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
