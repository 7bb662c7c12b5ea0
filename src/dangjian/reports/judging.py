"""Saying whether a figure is good or bad, against the street's own rule, instead of printing it as an achievement.

The street's rule for a metric is the 满分标准 of its active assessment indicator on that metric (the catalogue the
communities are scored on each month): a figure at or past it is "达到" (for a metric where less is better, "未超过"),
short of it "低于" ("高于"). A metric the street does not assess is stated without a verdict, and so is a rate with
nothing to count (no task due: the assessment gives full marks for it, a report should not call it 0%).

The catalogue's standards are monthly. A percentage holds for any period as it is; a per-member figure (hours per
member) is a monthly amount, so over a report's period it is that amount × the months in it; a count (joint
activities) is a monthly amount for one assessed unit, so it judges a community (or two-new organization) over
the period and never a street's total. The standard used becomes a stated figure, so the appendix lists it with
how it was derived and the preview links it to the catalogue.
"""

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse

from dangjian.core import metrics, tree
from dangjian.orgs.choices import OrgKind

UNIT_KINDS = {"community": OrgKind.COMMUNITY_COMMITTEE, "two_new": OrgKind.TWO_NEW_ORG}  # Indicator.applies_to


def _catalogue(org) -> dict:
    """{metric key: (monthly target, applies_to, indicator name)} of the street above `org` (one query)."""
    from dangjian.assessment.scores.models import Indicator

    street_path = tree.at_depth(org.path, tree.STREET_DEPTH)
    if not street_path:
        return {}
    found: dict = {}
    rows = (Indicator.objects.filter(street__path=street_path, active=True, target__isnull=False)
            .exclude(metric="").order_by("order", "id").values_list("metric", "target", "applies_to", "name"))
    for key, target, applies_to, name in rows:
        found.setdefault(key, (target, applies_to, name))
    return found


def catalogue(book, org) -> dict:
    """The street's standards, read once per report (a book) and street."""
    street_path = tree.at_depth(org.path, tree.STREET_DEPTH)
    cache = book.memo.setdefault("judging:catalogue", {})
    if street_path not in cache:
        cache[street_path] = _catalogue(org)
    return cache[street_path]


def standard(org, key: str) -> Decimal | None:
    """The street's monthly target for `key` as the catalogue states it (None when the street does not assess it)."""
    found = _catalogue(org).get(key)
    return found[0] if found else None


def months(start: date, end: date) -> Decimal:
    """The months in [start, end], a part month counted by its days (1 January – 15 June: 5.5)."""
    total, day = Decimal(0), start
    while day <= end:
        last = calendar.monthrange(day.year, day.month)[1]
        upto = min(end, date(day.year, day.month, last))
        total += Decimal((upto - day).days + 1) / Decimal(last)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rule(book, fig, org) -> tuple[Decimal, str] | None:
    """(the standard for `fig`'s period, how it was set) or None when the street's catalogue has none that applies."""
    found = catalogue(book, org).get(fig.key)
    if found is None:
        return None
    target, applies_to, name = found
    m = metrics.get(fig.key)
    stated = f"街道考核指标目录“{name}”的满分标准"
    if m.unit == "%":
        return target, stated
    if not m.per and org.kind != UNIT_KINDS.get(applies_to):
        return None  # a monthly count for one community says nothing of a street's total
    n = months(fig.start, fig.end)
    scaled = (target * n).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    per = "人均" if m.per else ""
    return scaled, f"{stated}（每月{per}{target.normalize():f}{m.unit}）× 统计期内{n.normalize():f}个月"


def meets(book, fig, org) -> bool | None:
    """True / False against the street's rule, None without one (the figure must be resolved)."""
    found = rule(book, fig, org)
    if found is None or fig.value is None:
        return None
    m = metrics.get(fig.key)
    return fig.value >= found[0] if m.higher_is_better else fig.value <= found[0]


def verdict(book, fig, org) -> list:
    """Parts to follow a figure: "，达到街道考核要求的90%" / "，低于街道考核要求的90%" / [] without a rule.

    Given a figure not counted yet, the words are decided once the book is resolved (a `Later` part, which
    the composer settles); a rate whose denominator is zero gets no verdict.
    """
    if fig.value is None:
        return [book.later(lambda: verdict(book, fig, org))]
    found = rule(book, fig, org)
    if found is None or (fig.parts and not fig.parts[1].value):
        return []
    target, how = found
    m = metrics.get(fig.key)
    suffix = "" if (fig.start, fig.end) == (book.start, book.end) else f"@{fig.start}/{fig.end}"
    standard_fig = book.stated(f"standard:{fig.key}:{org.kind}{suffix}", f"{m.label}考核要求", target, m.unit, how,
                               link=reverse("assessment:indicator_list"))
    good = meets(book, fig, org)
    if m.higher_is_better:
        word = "达到" if good else "低于"
    else:
        word = "未超过" if good else "高于"
    return [f"，{word}街道考核要求的", standard_fig, m.unit]
