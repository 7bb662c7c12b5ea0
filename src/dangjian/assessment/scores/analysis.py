"""Finding imbalance: which communities (or two-new organizations) fall well below the street on a metric,
and which stand well above it.

The rule, stated on the analysis page and listed in the report's appendix (never printed in its body): take
each unit's value of the metric for the period and the median over all the street's units; a unit is lagging
when its value is below median × (1 − t) for a metric where more is better, or above median × (1 + t) where
less is better (the theory-only share of training, older and less-educated committee members); it stands out
the other way round (above median × (1 + t) and, for a count, by at least one; below median × (1 − t)).
t is the committee's threshold (the street's AnalysisRule, 50% by default). A median of zero names no one
behind: nothing falls below nothing. A rate with a zero denominator leaves the unit out (it has nothing to
compare). Two units are enough to compare: a street with two "two-new" organizations, one of whose members
hardly meet, must be able to say so.
"""

from dataclasses import dataclass
from decimal import Decimal
from statistics import median

from dangjian.core import metrics, snapshots
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import AnalysisRule

RULE_TEXT = ("取各单位某项指标在统计期内的数值与全街道（或所选范围）各单位的中位数比较：越高越好的指标，低于"
             "中位数 ×（1 − 阈值）的单位视为明显落后；越低越好的指标（理论类学时占比、班子成员年龄偏大且学历不高"
             "占比），高于中位数 ×（1 + 阈值）的视为明显落后。中位数为零时不作判断；比率的分母为零（如没有报到的"
             "在职党员）的单位不参加比较；只有一个单位时不作比较。反过来，越高越好的指标高于中位数 ×（1 + 阈值）"
             "（个数、次数还须比中位数至少多 1），越低越好的指标低于中位数 ×（1 − 阈值）的单位视为明显领先。")
MIN_UNITS = 2  # a median of two is their mean: one unit at a quarter of the other's value lags at 50%

# (family key, heading, unit kind, metric keys) — the comparisons the annual report makes.
FAMILIES = [
    ("brand", "党建品牌特色", OrgKind.COMMUNITY_COMMITTEE, ["brands", "brand_activities", "brand_participants",
                                                          "standing_services"]),
    ("coop", "区域化党建", OrgKind.COMMUNITY_COMMITTEE, ["joint_activities", "inservice_participation"]),
    ("two_new", "两新组织党建", OrgKind.TWO_NEW_ORG, ["two_new_participation"]),
    ("committee", "支部班子结构", OrgKind.COMMUNITY_COMMITTEE, ["committee_older_share"]),
    ("training", "党员教育培训", OrgKind.COMMUNITY_COMMITTEE, ["training_theory_share"]),
    ("care", "帮扶走访及时性", OrgKind.COMMUNITY_COMMITTEE, ["help_visits_on_time_rate"]),
    # Residents' answers on the problems they raised: a community without answers is left out (no denominator).
    ("satisfaction", "居民满意度", OrgKind.COMMUNITY_COMMITTEE, ["resident_satisfaction"]),
]


@dataclass
class Finding:
    family: str
    key: str
    org: Organization
    value: Decimal
    median: Decimal
    bound: Decimal
    ahead: bool = False  # standing well above the others (a demonstration site's lead), not behind them

    @property
    def gap(self) -> Decimal:
        """How far from the median in the metric's own unit: percentage points for a rate ("比中位数低50.0个百分点"),
        the plain difference for a count ("比中位数少6.5次"). A percentage of a median reads as points and is not."""
        return abs(self.value - self.median).quantize(Decimal("0.1"))


def units_of(scope, within, kinds) -> list[Organization]:
    qs = Organization.objects.filter(path__startswith=within.path, kind__in=kinds).order_by("path")
    return list(qs.visible_to(scope.user) if scope.user is not None else qs)


def lagging(key: str, values: dict, threshold: Decimal) -> tuple[Decimal, Decimal, list]:
    """(median, bound, [unit pks beyond the bound]) under the rule above."""
    if not values:
        return Decimal(0), Decimal(0), []
    mid = Decimal(str(median(values.values())))
    if mid == 0:
        return mid, mid, []
    t = threshold / Decimal(100)
    if metrics.get(key).higher_is_better:
        bound = (mid * (1 - t)).quantize(Decimal("0.01"))
        return mid, bound, [pk for pk, v in values.items() if v < bound]
    bound = (mid * (1 + t)).quantize(Decimal("0.01"))
    return mid, bound, [pk for pk, v in values.items() if v > bound]


def leading(key: str, values: dict, threshold: Decimal) -> tuple[Decimal, list]:
    """(bound, [unit pks beyond it]) on the good side: the units that stand well above the others.

    A count must also exceed the median by at least one: when half the communities have no brand yet (a
    median of 0.5), one with a single brand does not stand out, the two with seven and four do."""
    if not values:
        return Decimal(0), []
    m = metrics.get(key)
    mid = Decimal(str(median(values.values())))
    t = threshold / Decimal(100)
    if m.higher_is_better:
        bound = (mid * (1 + t)).quantize(Decimal("0.01"))
        step = 0 if m.is_derived else 1
        return bound, [pk for pk, v in values.items() if v > bound and v >= mid + step]
    if mid == 0:
        return mid, []
    bound = (mid * (1 - t)).quantize(Decimal("0.01"))
    return bound, [pk for pk, v in values.items() if v < bound]


def analyse(scope, within, start, end):
    """Per family: units, their values per metric, the medians, and the findings.

    All values come from one batch of stored figures (`core.snapshots`), so the page's query count does not grow
    with the number of communities; `raw` keeps every value computed (ratio parts too) for the report.
    """
    with AnalysisRule.held():
        return _analyse(scope, within, start, end)


def _analyse(scope, within, start, end):
    threshold = Decimal(AnalysisRule.for_org(within).threshold_percent)
    kinds = {kind for _, _, kind, _ in FAMILIES}
    everyone = units_of(scope, within, kinds)
    plan = [(family, heading, keys, [u for u in everyone if u.kind == kind])
            for family, heading, kind, keys in FAMILIES]
    raw = snapshots.values([(k, u) for _, _, keys, units in plan for k in keys for u in units], scope, start, end)
    result = []
    for family, heading, keys, units in plan:
        table = {u.pk: {} for u in units}
        findings, leaders, stats = [], [], {}
        for key in keys:
            m = metrics.get(key)
            # A rate with nothing to divide by (no in-service member registered, no training held) says
            # nothing about the unit: it is shown as "—" and left out of the median and the findings.
            den = (m.ratio or m.per or (None, None))[1]
            values = {u.pk: raw[(key, u.pk)] for u in units if den is None or raw[(den, u.pk)] != 0}
            for u in units:
                table[u.pk][key] = values.get(u.pk)
            # A single unit has no one to be compared with.
            compared = values if len(values) >= MIN_UNITS else {}
            mid, bound, low = lagging(key, compared, threshold)
            upper, high = leading(key, compared, threshold)
            stats[key] = {"median": mid, "bound": bound, "upper": upper, "metric": m, "compared": len(compared)}
            by_pk = {u.pk: u for u in units}
            findings += [Finding(family, key, by_pk[pk], values[pk], mid, bound) for pk in low]
            leaders += [Finding(family, key, by_pk[pk], values[pk], mid, upper, ahead=True) for pk in high]
        result.append({"family": family, "heading": heading, "units": units, "keys": keys, "table": table,
                       "stats": stats, "findings": findings, "leaders": leaders, "raw": raw})
    return result, threshold
