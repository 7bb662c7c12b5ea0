"""Writes that matter in the assessment: computing and adjusting scores, publishing months and rankings,
and the committee's threshold for the imbalance analysis.

Each step has one predicate `may_<step>(user, …)`: the pages show a button only where it holds, and
the step itself refuses (`Refused`, in Chinese) whatever it does not allow. A published month refuses
every score change (checked inside the same transaction as the write, against a locked read of the
month), and rankings are built only from published months. Computing and publishing a month are
state changes (`transition`): each leaves a history entry naming who did it.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.params import int_param
from dangjian.core.roles import Role
from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, credit, transition
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from . import scoring
from .models import (
    COMMITTEE,
    AnalysisRule,
    AssessmentMonth,
    Indicator,
    Method,
    MonthlyScore,
    QuarterlyRanking,
    RankingEntry,
    ScoreChange,
    UnitKind,
)
from .ranking import order, quarter_months

NOT_COMMITTEE = "只有党工委工作人员能开展月考核和发布排名。"
THRESHOLDS = (5, 95)
OLDER_AGES = (40, 80)


def committee_streets(user):
    """Streets whose assessment the user runs: a committee role there, not merely an editable organization.

    Organization.edit_roles admits community secretaries too, so "editable organization" would let a
    secretary open a "month" with their own community as its street.
    """
    return Organization.objects.placeable_for(user, AssessmentMonth).filter(kind=OrgKind.STREET_COMMITTEE)


def _runs(user, street) -> bool:
    return street.kind == OrgKind.STREET_COMMITTEE and holds(user, street, COMMITTEE)


def may_open_month(user, street) -> bool:
    return _runs(user, street)


def may_publish_ranking(user, street) -> bool:
    return _runs(user, street)


def _locked_month(month) -> AssessmentMonth:
    fresh = AssessmentMonth.objects.select_for_update().select_related("street").get(pk=month.pk)
    if fresh.is_published:
        raise Refused.conflict(f"{fresh}已发布，得分不能再修改。")
    return fresh


def _ended(month) -> bool:
    return scoring.month_span(month.year, month.month)[1] < timezone.localdate()


def may_compute_month(user, month) -> bool:
    return not month.is_published and _runs(user, month.street)


def may_set_score(user, score) -> bool:
    """Only the committee scores, and only while the month is being scored."""
    return may_compute_month(user, score.month)


def publish_refusal(user, month) -> Refused | None:
    """Why the month cannot be published now (None: it can) — the one rule of the button and the step."""
    if not _runs(user, month.street):
        return Refused.forbidden("只有党工委工作人员能发布月考核。")
    if month.is_published:
        return Refused.conflict(f"{month}已经发布。")
    if not _ended(month):
        return Refused(f"{month}尚未结束，月末之后才能发布（发布后得分锁定）。")
    if not month.computed_at:
        return Refused("请先计算本月得分再发布。")
    unscored = MonthlyScore.objects.filter(month=month, indicator__method=Method.MANUAL, changes__isnull=True).count()
    if unscored:
        return Refused(f"还有 {unscored} 项人工评分未完成，不能发布。")
    return None


def may_publish_month(user, month) -> bool:
    return publish_refusal(user, month) is None


def open_month(user, street, year: int, month: int) -> AssessmentMonth:
    if not may_open_month(user, street):
        raise Refused.forbidden(NOT_COMMITTEE)
    if not 1 <= month <= 12:
        raise Refused("月份应为 1 到 12。")
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):  # nothing to count yet: every automatic line would be 0
        raise Refused(f"{year}年{month}月尚未开始，不能考核。")
    if year < 2000:
        raise Refused("请填写正确的年度（如 2026）。")
    try:
        with transaction.atomic():
            obj, created = AssessmentMonth.objects.get_or_create(street=street, year=year, month=month)
            if created:
                credit(obj, user)
    except IntegrityError:
        obj = AssessmentMonth.objects.get(street=street, year=year, month=month)
    return obj


def compute_month(user, month: AssessmentMonth) -> int:
    """(Re)compute every automatic score of the month; manual adjustments already made are kept."""
    if not _runs(user, month.street):
        raise Refused.forbidden("只有党工委工作人员能计算月考核得分。")
    start, end = scoring.month_span(month.year, month.month)
    scope = metrics.Scope(user)
    with transaction.atomic():
        given, month = month, _locked_month(month)
        count = 0
        for applies_to in UnitKind.values:
            indicators = list(Indicator.objects.filter(street=month.street, applies_to=applies_to, active=True))
            if not indicators:
                continue
            existing = {(s.organization_id, s.indicator_id): s for s in MonthlyScore.objects.filter(
                month=month, indicator__in=indicators).prefetch_related("changes")}
            for org in scoring.units(month.street, applies_to):
                for ind in indicators:
                    count += _compute_one(month, org, ind, existing.get((org.pk, ind.pk)), scope, start, end)
        transition(month, when={"status": AssessmentMonth.Status.DRAFT}, to={"computed_at": timezone.now()},
                   actor=user, refusal="本月考核{state}，得分不能再计算。", step="计算得分")
    given.computed_at = month.computed_at  # the caller's copy says it is computed, as the row does
    return count


def _compute_one(month, org, ind, score, scope, start, end) -> int:
    catalogue = {"max_score": ind.max_score, "weight": ind.weight}  # frozen with the month when published
    if ind.method == Method.MANUAL:
        if score is None:
            MonthlyScore.objects.create(month=month, organization=org, indicator=ind, score=Decimal(0), **catalogue)
            return 1
        score.max_score, score.weight = ind.max_score, ind.weight
        score.score = min(score.score, ind.max_score)
        score.save()
        return 0
    value = scoring.auto_value(ind, scope, org, start, end)
    computed = scoring.auto_score(ind, value)
    if score is None:
        MonthlyScore.objects.create(month=month, organization=org, indicator=ind, value=value, computed=computed,
                                    score=computed, **catalogue)
        return 1
    adjusted = score.changes.exists()
    score.value, score.computed = value, computed
    score.max_score, score.weight = ind.max_score, ind.weight
    if not adjusted:
        score.score = computed
    score.score = min(score.score, ind.max_score)
    score.save()
    return 1


def set_score(user, score: MonthlyScore, raw_value, reason: str) -> MonthlyScore:
    """A manual score, or an adjustment of an automatic one: never without a reason, never after publishing."""
    if not _runs(user, score.month.street):
        raise Refused.forbidden("只有党工委工作人员能评分。")
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": "人工评分或调整必须填写理由。"})
    try:
        new = Decimal(str(raw_value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise Refused({"score": "得分应为数字。"}) from None
    if not new.is_finite() or not Decimal(0) <= new <= score.max_score:
        raise Refused({"score": f"得分应在 0 到 {score.max_score.normalize():f} 之间。"})
    with transaction.atomic():
        _locked_month(score.month)
        fresh = MonthlyScore.objects.select_for_update().get(pk=score.pk)
        if fresh.score == new and fresh.changes.exists():
            return fresh
        ScoreChange.objects.create(score=fresh, before=fresh.score, after=new, reason=reason[:300], by=user)
        fresh.score, fresh.assessor, fresh.reason = new, user, reason[:300]
        fresh.save()
    return fresh


def publish_month(user, month: AssessmentMonth) -> AssessmentMonth:
    """Lock the month's scores: from now on units see them and rankings may count them."""
    with transaction.atomic():
        fresh = AssessmentMonth.objects.select_for_update().select_related("street").get(pk=month.pk)
        refusal = publish_refusal(user, fresh)
        if refusal is not None:
            raise refusal
        return transition(
            fresh, when={"status": AssessmentMonth.Status.DRAFT, "computed_at__isnull": False},
            to={"status": AssessmentMonth.Status.PUBLISHED, "published_at": timezone.now(), "published_by": user},
            actor=user, refusal="本月考核{state}，不能重复发布。", step="发布")


def publish_ranking(user, street, year: int, quarter: int, applies_to=UnitKind.COMMUNITY) -> QuarterlyRanking:
    """Rank the quarter's units by the sum of their three published monthly totals (see ranking.order)."""
    if not may_publish_ranking(user, street):
        raise Refused.forbidden(NOT_COMMITTEE)
    if not 1 <= quarter <= 4:
        raise Refused("季度应为 1 到 4。")
    months = quarter_months(street, year, quarter)
    if len(months) < 3 or any(not m.is_published for m in months):
        raise Refused(f"{year}年第{quarter}季度的三个月考核须全部发布后才能排名。")
    totals = scoring.totals(months, applies_to)
    previous = _previous_ranks(street, year, quarter, applies_to)
    try:
        with transaction.atomic():
            ranking = QuarterlyRanking.objects.create(street=street, year=year, quarter=quarter,
                                                      applies_to=applies_to, published_at=timezone.now(),
                                                      published_by=user)
            credit(ranking, user)
            RankingEntry.objects.bulk_create(
                RankingEntry(ranking=ranking, organization=org, total=total, rank=rank,
                             previous_rank=previous.get(org.pk))
                for org, total, rank in order(scoring.units(street, applies_to), totals))
    except IntegrityError:
        raise Refused.conflict(f"{year}年第{quarter}季度排名已经发布。") from None
    return ranking


def _previous_ranks(street, year, quarter, applies_to) -> dict:
    py, pq = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    prev = QuarterlyRanking.objects.filter(street=street, year=py, quarter=pq, applies_to=applies_to).first()
    return dict(prev.entries.values_list("organization_id", "rank")) if prev else {}


def may_set_analysis_rule(user, street) -> bool:
    """A street's own threshold is set by its committee (the district reads it, communities live with it)."""
    return street is not None and street.kind == OrgKind.STREET_COMMITTEE and holds(user, street, {Role.STREET_ADMIN})


def set_analysis_rule(user, street, threshold_percent, older_age) -> AnalysisRule:
    """The street's threshold and "older member" age, from the page's raw values (history keeps the change)."""
    if not may_set_analysis_rule(user, street):
        raise Refused.forbidden("只有党工委工作人员能设置本街道的分析规则。")
    threshold, older = int_param(threshold_percent), int_param(older_age)
    errors = {}
    if threshold is None or not THRESHOLDS[0] <= threshold <= THRESHOLDS[1]:
        errors["threshold_percent"] = "偏离阈值应在 5% 到 95% 之间。"
    if older is None or not OLDER_AGES[0] <= older <= OLDER_AGES[1]:
        errors["older_age"] = "起算年龄应在 40 到 80 岁之间。"
    if errors:
        raise Refused(errors)
    rule, created = AnalysisRule.objects.update_or_create(
        street=street, defaults={"threshold_percent": threshold, "older_age": older})
    if created:
        credit(rule, user)
    return rule
