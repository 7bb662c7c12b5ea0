"""Decisions move through their six stages in order; reports become problems and see them resolved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.ledgers.actions import create_problem
from dangjian.ledgers.choices import Category, Source

from .models import STAGE_KEYS, STAGE_LABELS, Decision, DecisionStep, SentimentReport


@transaction.atomic
def advance(user, decision, stage: str, date, record: str, *, opinions=None, votes=None, attachments=()):
    """Complete `stage`, which must be the next one: none skipped, none done twice."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if stage != decision.next_stage:
        expected = STAGE_LABELS.get(decision.next_stage, "（已全部完成）")
        raise ValidationError(f"须按顺序办理：下一步应为“{expected}”。")
    if not record.strip():
        raise ValidationError({"record": "请填写本阶段的记录。"})
    fields = {}
    if stage == "solicit":
        if opinions is None or opinions < 0:
            raise ValidationError({"opinions_count": "请填写征集到的意见数。"})
        fields["opinions_count"] = opinions
    if stage == "resolve":
        if not votes or any(v is None or v < 0 for v in votes):
            raise ValidationError({"votes": "请录入居民代表会议的表决结果（赞成、反对、弃权）。"})
        fields.update(votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2])
    if stage == "publish_decision" and decision.votes_for is None:
        raise ValidationError("居民代表会议表决结果录入后才能公开决议。")
    step = DecisionStep.objects.create(decision=decision, stage=stage, date=date, record=record, actor=user)
    if attachments:
        step.attachments.add(*attachments)
    Decision.objects.filter(pk=decision.pk).update(stage=stage, **fields)
    decision.refresh_from_db()
    return decision


@transaction.atomic
def reopen(user, decision, to_stage: str, reason: str):
    """Go back to an earlier stage; only with a written reason, kept as a step of its own."""
    if len(reason.strip()) < 4:
        raise ValidationError({"reason": "退回重议须写明原因。"})
    if to_stage not in STAGE_KEYS or STAGE_KEYS.index(to_stage) >= STAGE_KEYS.index(decision.stage):
        raise ValidationError("只能退回到已完成的较早阶段。")
    DecisionStep.objects.create(
        decision=decision,
        stage="reopen",
        date=timezone.localdate(),
        record=f"退回至“{STAGE_LABELS[to_stage]}”之前：{reason}",
        actor=user,
    )
    previous = STAGE_KEYS[STAGE_KEYS.index(to_stage) - 1] if STAGE_KEYS.index(to_stage) else "draft"
    fields = {"stage": previous}
    if STAGE_KEYS.index(to_stage) <= STAGE_KEYS.index("resolve"):
        fields.update(votes_for=None, votes_against=None, votes_abstain=None)
    Decision.objects.filter(pk=decision.pk).update(**fields)
    decision.refresh_from_db()
    return decision


@transaction.atomic
def to_problem(user, report, category=Category.SERVICE):
    """One click: the report becomes a problem in the list, keeping the report as its source."""
    if report.problem_id:
        raise ValidationError("该社情民意已转为问题。")
    problem = create_problem(
        user,
        report.community,
        title=report.topic[:200],
        description=report.content,
        category=category,
        source=Source.SENTIMENT,
    )
    SentimentReport.objects.filter(pk=report.pk).update(problem=problem, status=SentimentReport.Status.PROBLEM)
    report.refresh_from_db()
    return problem
