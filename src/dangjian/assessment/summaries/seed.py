"""Demo weekly summaries: a year of them for the demo street's units, a few late or missing.

Figures are the records' own, but computed in one query per unit and metric (rows fetched with
their date and bucketed by week) instead of one per unit, metric and week: at the `street` scale
that is ~120 queries instead of ~6,000. A test checks the buckets agree with `week_figures`.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.roles import Role
from dangjian.core.seeding import seeder
from dangjian.orgs.models import RoleAssignment

from . import figures, rules
from .models import WeeklySummary

WEEKS = 52
# The date each week figure is counted by (see the metrics' definitions); a key missing here is computed per week.
COUNTED_BY = {
    "meetings_held": "date",
    "community_visits": "date",
    "household_visits": "date",
    "problems_found": "found_on",
    "problems_solved": "resolved_on",
    "joint_activities": "date",
    "volunteer_hours": "activity__starts_at",
    "wishes_fulfilled": "fulfilled_at",
    "help_visits": "visited_on",
}

# Each figure in a few wordings; a narrative names only the figures that are not zero.
CLAUSES = {
    "meetings_held": ["召开组织生活{v}次", "开展“三会一课”等组织生活{v}次"],
    "community_visits": ["包联干部到社区走访{v}次", "科级干部下沉社区{v}次"],
    "household_visits": ["入户走访弱势群体家庭{v}户次", "走访困难群众{v}户次"],
    "problems_found": ["新发现问题{v}个，均已列入问题清单", "收集群众反映问题{v}个"],
    "problems_solved": ["整改完成问题{v}个", "解决群众急难愁盼问题{v}个"],
    "joint_activities": ["与共建单位开展联创共建活动{v}次", "联合驻区单位开展共建活动{v}次"],
    "volunteer_hours": ["志愿服务时长{v}小时", "志愿者累计服务{v}小时"],
    "wishes_fulfilled": ["实现微心愿{v}个", "帮助群众圆梦微心愿{v}个"],
    "help_visits": ["红色帮扶小组入户帮扶{v}次", "帮扶小组走访档案对象{v}次"],
}
OPENINGS = ["本周{unit}", "本周，{unit}党委", "这一周{unit}"]
QUIET = "本周以日常服务和问题跟踪为主，未形成新的统计数据。"
CLOSINGS = [
    "存在的不足：部分在职党员参与社区活动不够主动，下一步加强联系和激励。",
    "存在的不足：个别问题涉及多个部门，整改进度偏慢，需提请街道协调。",
    "群众对本周工作总体满意。",
    "",
]
NEXT_WEEK = [
    "召开支部委员会，研究下月主题党日安排；继续入户走访独居老人。",
    "督促未完成整改的问题按期销号；组织志愿者开展小区环境整治。",
    "与共建单位对接需求清单，筹备联创共建活动；更新民情档案。",
    "开展党员积分评议；走访辖区两新组织，了解党员参加组织生活情况。",
]


def _week_of(value):
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    return rules.monday(day)


def _weekly_figures(unit, weeks) -> dict:
    """{week_start: snapshot dict} for the unit over `weeks` (newest first), one query per metric."""
    scope, start, end = metrics.Scope(None), weeks[-1], rules.week_end(weeks[0])
    values = defaultdict(dict)
    for key in figures.WEEK_FIGURES:
        m = metrics.get(key)
        field = COUNTED_BY.get(key)
        rows = None if field is None or m.is_derived else metrics.rows(key, scope, unit, start, end)
        if rows is None or rows.query.distinct:
            for week in weeks:
                values[week][key] = metrics.value(key, scope, unit, week, rules.week_end(week))
            continue
        totals = defaultdict(Decimal)
        if m.sum_field:
            for day, amount in rows.order_by().values_list(field, m.sum_field):
                totals[_week_of(day)] += amount or 0
            for week in weeks:
                values[week][key] = Decimal(totals[week]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        else:
            for day in rows.order_by().values_list(field, flat=True):
                totals[_week_of(day)] += 1
            for week in weeks:
                values[week][key] = Decimal(totals[week])
    return {week: figures.snapshot([{"key": k, "label": metrics.get(k).label, "unit": metrics.get(k).unit,
                                       "value": v} for k, v in values[week].items()]) for week in weeks}


def _narrative(rng, unit, frozen) -> str:
    said = [rng.choice(CLAUSES[key]).format(v=f["value"]) for key, f in frozen.items()
            if key in CLAUSES and Decimal(f["value"])]
    if not said:
        return QUIET + rng.choice(CLOSINGS)
    opening = rng.choice(OPENINGS).format(unit=unit.short_name or unit.name)
    return f"{opening}{'，'.join(said)}。{rng.choice(CLOSINGS)}"


def _at(day, rng):
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 21), rng.randint(0, 59))))


def _outcome(rng, unit_index, week_index, this_year):
    """missing / draft / late / on_time; the first unit always has one missing and one late week this year."""
    if unit_index == 0 and this_year:
        if week_index == 2:
            return "missing"
        if week_index == 4:
            return "late"
    if week_index == 0 and rng.random() < 0.15:
        return "draft"
    r = rng.random()
    return "missing" if r < 0.04 else "late" if r < 0.11 else "on_time"


@seeder(97)
def seed_summaries(ctx):
    if not ctx.first:  # the demo street's, once (a city's further districts have none)
        return
    rng = ctx.rng
    now = timezone.now()
    today = timezone.localdate()
    street = ctx.data["streets"][0]
    last = rules.monday(today) - timedelta(days=7)
    weeks = [last - timedelta(days=7 * i) for i in range(WEEKS)]
    owed = set(rules.owed_weeks(today))
    units = list(rules.units(street).order_by("path"))
    writers = dict(RoleAssignment.objects.filter(organization__in=units, role__in=(
        Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY)).values_list("organization_id", "user_id"))
    rows = []
    for u, unit in enumerate(units):
        figures_by_week = _weekly_figures(unit, weeks)
        for w, week in enumerate(weeks):
            outcome = _outcome(rng, u, w, week in owed)
            frozen = figures_by_week[week]
            due = rules.due_date(week)
            if outcome == "late":
                submitted = _at(due + timedelta(days=rng.randint(1, 6)), rng)
                if submitted > now:
                    outcome = "draft"
            elif outcome == "on_time":
                submitted = min(_at(week + timedelta(days=rng.randint(4, 7)), rng), now - timedelta(minutes=5))
            if outcome == "missing":
                continue
            draft = outcome == "draft"
            rows.append(WeeklySummary(
                organization=unit, week_start=week, figures={} if draft else frozen,
                narrative=_narrative(rng, unit, frozen), next_week=rng.choice(NEXT_WEEK),
                submitted_at=None if draft else submitted, submitted_by_id=None if draft else writers.get(unit.pk),
            ))
    WeeklySummary.objects.bulk_create(rows, batch_size=500)
    ctx.out(f"周总结：{len(rows)} 份（{len(units)} 个单位 × {WEEKS} 周，含少量逾期和未报）")
