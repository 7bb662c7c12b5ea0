"""Monthly scores from the records, and the rules that turn a metric value into points.

Auto score = max_score × min(value ÷ target, 1) for a metric where more is better; where less is
better, full marks at or below the target and max_score × target ÷ value above it. A rate with
nothing to count in the month (no task due, no problem found, no in-service member registered)
has no value and costs no points: full marks, as "无此项工作的不扣分" — otherwise a community
with no task due would score 0 where one that finished its only task scores full. A month is
computed by the committee (only street admins may), whose scope is the whole street, so every
community's score is the same whoever of them recomputes it.
"""

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from dangjian.core import metrics
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import AssessmentUnit, Indicator, MonthlyScore, UnitKind

TWO = Decimal("0.01")


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def units(street, applies_to=UnitKind.COMMUNITY) -> list[Organization]:
    """The organizations assessed under a street: its communities, or the chosen two-new organizations."""
    if applies_to == UnitKind.COMMUNITY:
        return list(Organization.objects.filter(path__startswith=street.path, kind=OrgKind.COMMUNITY_COMMITTEE)
                    .order_by("path"))
    chosen = AssessmentUnit.objects.filter(organization__path__startswith=street.path, monthly_assessment=True)
    return list(Organization.objects.filter(pk__in=chosen.values("organization_id")).order_by("path"))


def auto_value(indicator: Indicator, scope, org, start, end) -> Decimal | None:
    """The indicator's metric value for the unit, or None for a rate whose denominator is zero."""
    m = metrics.get(indicator.metric)
    if m.ratio and not m.compute:
        num_key, den_key = m.ratio
        den = metrics.value(den_key, scope, org, start, end)
        if not den:
            return None
        return metrics.derive(m, metrics.value(num_key, scope, org, start, end), den)
    return metrics.value(indicator.metric, scope, org, start, end)


def auto_score(indicator: Indicator, value: Decimal | None) -> Decimal:
    if value is None:
        return indicator.max_score
    m = metrics.get(indicator.metric)
    target = indicator.target or Decimal(100)
    if m.higher_is_better:
        share = min(value / target, Decimal(1)) if target > 0 else Decimal(1)
    else:
        share = Decimal(1) if value <= target else (target / value if value else Decimal(1))
    return (indicator.max_score * share).quantize(TWO, rounding=ROUND_HALF_UP)


def weighted_total():
    return Sum(ExpressionWrapper(F("score") * F("weight"),
                                 output_field=DecimalField(max_digits=10, decimal_places=2)))


def totals(months, applies_to=UnitKind.COMMUNITY) -> dict[int, Decimal]:
    """Each unit's weighted total over the given months (one query)."""
    rows = (MonthlyScore.objects.filter(month__in=months, indicator__applies_to=applies_to)
            .order_by().values("organization_id").annotate(total=weighted_total()))
    return {r["organization_id"]: (r["total"] or Decimal(0)).quantize(TWO) for r in rows}


def breakdown(month, org):
    """One unit's lines for a month, in catalogue order."""
    return list(MonthlyScore.objects.filter(month=month, organization=org)
                .select_related("indicator", "assessor").order_by("indicator__order", "indicator_id"))
