"""Writes that matter in the assessment: computing and adjusting scores, publishing months and rankings.

A published month refuses every score change (checked here, inside the same transaction as the
write, against a fresh read of the month's status); rankings are built only from published months.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core import metrics

from . import scoring
from .models import AssessmentMonth, Indicator, MonthlyScore, QuarterlyRanking, RankingEntry, ScoreChange
from .models.scores import Method, UnitKind


def _locked_month(month) -> AssessmentMonth:
    fresh = AssessmentMonth.objects.select_for_update().get(pk=month.pk)
    if fresh.is_published:
        raise ValidationError(f"{fresh}已发布，得分不能再修改。")
    return fresh


def open_month(user, street, year: int, month: int) -> AssessmentMonth:
    if not 1 <= month <= 12:
        raise ValidationError("月份应为 1 到 12。")
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):  # nothing to count yet: every automatic line would be 0
        raise ValidationError(f"{year}年{month}月尚未开始，不能考核。")
    if year < 2000:
        raise ValidationError("请填写正确的年度（如 2026）。")
    try:
        with transaction.atomic():
            obj, _ = AssessmentMonth.objects.get_or_create(street=street, year=year, month=month)
    except IntegrityError:
        obj = AssessmentMonth.objects.get(street=street, year=year, month=month)
    return obj


def compute_month(user, month: AssessmentMonth) -> int:
    """(Re)compute every automatic score of the month; manual adjustments already made are kept."""
    start, end = scoring.month_span(month.year, month.month)
    scope = metrics.Scope(user)
    with transaction.atomic():
        month = _locked_month(month)
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
        AssessmentMonth.objects.filter(pk=month.pk).update(computed_at=timezone.now())
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
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "人工评分或调整必须填写理由。"})
    try:
        new = Decimal(str(raw_value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": "得分应为数字。"}) from None
    if not new.is_finite() or not Decimal(0) <= new <= score.max_score:
        raise ValidationError({"score": f"得分应在 0 到 {score.max_score.normalize():f} 之间。"})
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
    with transaction.atomic():
        month = _locked_month(month)
        if scoring.month_span(month.year, month.month)[1] >= timezone.localdate():
            raise ValidationError(f"{month}尚未结束，月末之后才能发布（发布后得分锁定）。")
        if not month.computed_at:
            raise ValidationError("请先计算本月得分再发布。")
        unscored = MonthlyScore.objects.filter(month=month, indicator__method=Method.MANUAL,
                                               changes__isnull=True).count()
        if unscored:
            raise ValidationError(f"还有 {unscored} 项人工评分未完成，不能发布。")
        AssessmentMonth.objects.filter(pk=month.pk).update(
            status=AssessmentMonth.Status.PUBLISHED, published_at=timezone.now(), published_by=user)
    month.refresh_from_db()
    return month


def publish_ranking(user, street, year: int, quarter: int, applies_to=UnitKind.COMMUNITY) -> QuarterlyRanking:
    """Rank the quarter's units by the sum of their three published monthly totals (see ranking.order)."""
    from .ranking import order, quarter_months

    if not 1 <= quarter <= 4:
        raise ValidationError("季度应为 1 到 4。")
    months = quarter_months(street, year, quarter)
    if len(months) < 3 or any(not m.is_published for m in months):
        raise ValidationError(f"{year}年第{quarter}季度的三个月考核须全部发布后才能排名。")
    totals = scoring.totals(months, applies_to)
    previous = _previous_ranks(street, year, quarter, applies_to)
    try:
        with transaction.atomic():
            ranking = QuarterlyRanking.objects.create(street=street, year=year, quarter=quarter,
                                                      applies_to=applies_to, published_at=timezone.now(),
                                                      published_by=user)
            RankingEntry.objects.bulk_create(
                RankingEntry(ranking=ranking, organization=org, total=total, rank=rank,
                             previous_rank=previous.get(org.pk))
                for org, total, rank in order(scoring.units(street, applies_to), totals))
    except IntegrityError:
        raise ValidationError(f"{year}年第{quarter}季度排名已经发布。") from None
    return ranking


def _previous_ranks(street, year, quarter, applies_to) -> dict:
    py, pq = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    prev = QuarterlyRanking.objects.filter(street=street, year=py, quarter=pq, applies_to=applies_to).first()
    return dict(prev.entries.values_list("organization_id", "rank")) if prev else {}
