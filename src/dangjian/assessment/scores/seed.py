"""Demo monthly assessment: the demo street's indicator catalogue, the months before today scored and
published, and a ranking for each complete quarter among them.

Everything goes through `actions`, as the committee would do it, so the demo shows what the pages and the
tests promise: automatic scores equal to the records' figures, every manual score with its reason and
history, published months locked, rankings only from published months. The months always reach back to
the start of the last finished quarter, so whatever the date (January, the end of February) there is a
published ranking to show. At the larger scales (more records per community) only the months from that
quarter on are computed, to keep seeding quick.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.seeding import seeder
from dangjian.orgs.models import Organization, RoleAssignment

from . import actions
from .models import AssessmentMonth, AssessmentUnit, Indicator, Method, MonthlyScore, QuarterlyRanking, UnitKind

AUTO, MANUAL, COMMUNITY, TWO_NEW = Method.AUTO, Method.MANUAL, UnitKind.COMMUNITY, UnitKind.TWO_NEW
CATALOGUE = [  # name, applies to, method, metric, target, max score, weight, description
    ("组织生活落实", COMMUNITY, AUTO, "org_life_compliance", 100, 15, 1, "“三会一课”等按频次要求开足的支部占比"),
    ("任务按时完成", COMMUNITY, AUTO, "tasks_on_time_rate", 100, 15, 1, "本月到期任务在时限内完成的比例"),
    ("问题整改验收", COMMUNITY, AUTO, "problems_verified_rate", 80, 10, 1, "验收通过问题数 ÷ 发现问题数，达80%得满分"),
    ("包联干部走访", COMMUNITY, AUTO, "cadre_visit_rate", 100, 5, 1, "包联科级干部每周走访要求的完成情况"),
    ("联创共建活动", COMMUNITY, AUTO, "joint_activities", 2, 10, 1, "每月与共建单位共同开展活动2次得满分"),
    ("在职党员参与", COMMUNITY, AUTO, "inservice_participation", 60, 10, 1, "报到在职党员参与社区活动比例，60%满分"),
    ("志愿服务时长", COMMUNITY, AUTO, "volunteer_hours_per_member", 1, 10, 1, "人均每月志愿服务1小时得满分"),
    ("帮扶走访及时", COMMUNITY, AUTO, "help_visits_on_time_rate", 100, 5, 1, "红色帮扶小组按帮扶等级按期走访的比例"),
    ("基础资料规范", COMMUNITY, MANUAL, "", None, 10, 1, "党建台账、会议记录、党费收缴等基础资料，党工委每月抽查评分"),
    ("特色亮点", COMMUNITY, MANUAL, "", None, 10, 1, "服务品牌、创新做法和上级肯定的工作亮点"),
    ("两新组织党员参与", TWO_NEW, AUTO, "two_new_participation", 80, 10, 1, "两新组织党员参加组织生活的比例"),
]
MANUAL_REASONS = {
    "基础资料规范": [(Decimal(10), "台账齐全，会议记录规范，党费按时收缴"),
                  (Decimal(9), "资料齐全，个别会议记录签到不全"),
                  (Decimal(8), "两次支委会记录缺少议题，已要求整改"), (Decimal(7), "党费收缴台账未及时更新")],
    "特色亮点": [(Decimal(10), "服务品牌活动被区级媒体报道"), (Decimal(8), "开展“四点半课堂”，居民反映良好"),
             (Decimal(6), "本月常规工作，无突出亮点"), (Decimal(9), "“一征三议两公开”解决小区停车难")],
}


def _months(today, scale) -> list[tuple[int, int]]:
    """(year, month) of the finished months to score, oldest first: this year's, and back to the first month
    of the last finished quarter (October in January to March); at larger scales from that month only."""
    this_quarter_first = (today.month - 1) // 3 * 3 + 1
    first = (today.year, this_quarter_first - 3) if this_quarter_first > 1 else (today.year - 1, 10)
    if scale.name in ("tiny", "demo", "street"):
        first = min(first, (today.year, 1))
    months, (year, month) = [], first
    while (year, month) < (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@seeder(96)
def seed_scores(ctx):
    if not ctx.first:  # the demo street's, once (a city's further districts have none)
        return
    street = Organization.objects.get(pk=ctx.data["streets"][0].pk)  # re-read: later siblings shift paths
    actor = _street_admin(street)
    for i, (name, applies_to, method, metric, target, max_score, weight, description) in enumerate(CATALOGUE):
        Indicator.objects.create(street=street, name=name, applies_to=applies_to, method=method, metric=metric,
                                 target=None if target is None else Decimal(target), max_score=Decimal(max_score),
                                 weight=Decimal(weight), order=i + 1, description=description)
    for org in ctx.data["two_new"]:
        if org.path.startswith(street.path):
            AssessmentUnit.objects.get_or_create(organization=org)
    months = _months(timezone.localdate(), ctx.scale)
    for year, number in months:
        month = actions.open_month(actor, street, year, number)
        actions.compute_month(actor, month)
        _score_by_hand(ctx, actor, month)
        actions.publish_month(actor, month)
        _date_as_done_in_time(month)
    done, tz = set(months), timezone.get_current_timezone()
    quarters = sorted({(y, (m - 1) // 3 + 1) for y, m in months})
    for year, quarter in [(y, q) for y, q in quarters if all((y, 3 * q - k) in done for k in range(3))]:
        ranking = actions.publish_ranking(actor, street, year, quarter)
        QuarterlyRanking.objects.filter(pk=ranking.pk).update(  # a week after the quarter's last month closed
            published_at=min(timezone.now(), datetime.combine(_next_month(year, 3 * quarter, 8), time(9), tzinfo=tz)))
    ctx.out(f"月考核：{len(months)} 个月已发布，季度排名：{QuarterlyRanking.objects.count()} 期，"
            f"得分 {MonthlyScore.objects.count()} 项")


def _street_admin(street):
    assignment = (RoleAssignment.objects.filter(organization=street, role=Role.STREET_ADMIN)
                  .select_related("user").order_by("pk").first())
    return assignment.user if assignment else get_user_model().objects.filter(is_superuser=True).first()


def _score_by_hand(ctx, actor, month):
    """Every manual line scored with its reason, and now and then an automatic score corrected on inspection."""
    rng = ctx.rng
    lines = MonthlyScore.objects.filter(month=month).select_related("indicator").order_by("organization__path",
                                                                                         "indicator__order")
    for line in lines:
        if line.indicator.method == Method.MANUAL:
            score, reason = rng.choice(MANUAL_REASONS[line.indicator.name])
            actions.set_score(actor, line, score, reason)
        elif line.indicator.metric == "tasks_on_time_rate" and line.score < line.indicator.max_score \
                and rng.random() < 0.15:
            raised = min(line.indicator.max_score, line.score + Decimal(3))
            actions.set_score(actor, line, raised, "一项任务因上级调整时限延期完成，经党工委会议认定不扣分")


def _date_as_done_in_time(month):
    """Computed on the 3rd and published on the 5th of the next month, as the committee would have."""
    tz, now = timezone.get_current_timezone(), timezone.now()
    AssessmentMonth.objects.filter(pk=month.pk).update(
        computed_at=min(now, datetime.combine(_next_month(month.year, month.month, 3), time(10), tzinfo=tz)),
        published_at=min(now, datetime.combine(_next_month(month.year, month.month, 5), time(16), tzinfo=tz)))


def _next_month(year, month, day) -> date:
    return date(year + 1, 1, day) if month == 12 else date(year, month + 1, day)
