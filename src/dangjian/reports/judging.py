"""Saying whether a rate is good or bad, against the street's own rule, instead of printing it as an achievement.

The street's rule for a metric is the 满分标准 of its active assessment indicator on that metric (the catalogue the
communities are scored on): a rate at or past it is "达到", below it "低于". A metric the street does not assess is
stated without a verdict. The standard itself becomes a stated figure, so the appendix lists it and the preview
links it to the catalogue.
"""

from decimal import Decimal

from django.urls import reverse

from dangjian.core import metrics, tree


def standard(org, key: str) -> Decimal | None:
    """The street's target for `key` (None when the street does not assess it)."""
    from dangjian.assessment.scores.models import Indicator

    street_path = tree.at_depth(org.path, tree.STREET_DEPTH)
    if not street_path:
        return None
    target = (Indicator.objects.filter(street__path=street_path, metric=key, active=True, target__isnull=False)
              .order_by("order", "id").values_list("target", flat=True).first())
    return target


def meets(book, fig, org) -> bool | None:
    """True / False against the street's rule, None without one (the figure must be resolved)."""
    target = standard(org, fig.key)
    if target is None or fig.value is None:
        return None
    m = metrics.get(fig.key)
    return fig.value >= target if m.higher_is_better else fig.value <= target


def verdict(book, fig, org) -> list:
    """Parts to follow a rate: "，达到街道考核要求的90%" / "，低于街道考核要求的90%" / [] without a rule.

    Call after `book.resolve()` has given `fig` its value, or pass a figure whose value is known.
    """
    target = standard(org, fig.key)
    if target is None:
        return []
    m = metrics.get(fig.key)
    rule = book.stated(f"standard:{fig.key}", f"{m.label}考核要求", target, m.unit,
                       "街道考核指标目录中该指标的满分标准", link=reverse("assessment:indicator_list"))
    good = meets(book, fig, org)
    word = "达到" if good else ("低于" if m.higher_is_better else "高于")
    return [f"，{word}街道考核要求的", rule, m.unit]
