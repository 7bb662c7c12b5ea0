"""Decisions move through their six stages in order; reports are answered or become problems.

Every step is a `transition`, so a decision's history names who completed each stage and why it
was sent back; a `may_<action>` predicate decides both whether the page offers the button and
whether the action runs.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from dangjian.core.forms import store_evidence
from dangjian.core.roles import Role
from dangjian.core.workflow import Refused, transition
from dangjian.ledgers.actions import create_problem
from dangjian.ledgers.choices import Category, Source

from .models import REJECTED, STAGE_KEYS, STAGE_LABELS, Decision, DecisionStep, SentimentReport, vote_passes

# Reports are handled by the community's staff (or the street above it): the problem they may become
# goes into the community's own list. The grid worker who filed one may correct it, not decide on it.
REPORT_HANDLERS = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})
VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstain")
# What becomes of a proposal the representatives vote down: the secretary chooses when recording the vote.
IF_FAILED = {"reject": "终止办理，事项未通过", "revise": "退回“党组织提议”，修改方案后重新提议"}
PASSED = Q(votes_for__gt=F("votes_against") + F("votes_abstain"))  # vote_passes, as a filter


def _manages(user, decision) -> bool:
    return Decision.objects.editable_by(user).filter(pk=decision.pk).exists()


def _handles(user, report) -> bool:
    return SentimentReport.objects.reachable_with(user, REPORT_HANDLERS).filter(pk=report.pk).exists()


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _previous(stage: str) -> str:
    index = STAGE_KEYS.index(stage)
    return STAGE_KEYS[index - 1] if index else "draft"


# --- decisions ------------------------------------------------------------------------------------


def may_advance(user, decision) -> bool:
    return decision.next_stage is not None and _manages(user, decision)


def may_reopen(user, decision) -> bool:
    """A decision voted down (未通过) is settled: nothing to send back."""
    return decision.stage not in ("draft", REJECTED) and _manages(user, decision)


@transaction.atomic
def advance(user, decision, stage: str, date, record: str, *, opinions=None, votes=None, files=(),
            if_failed: str = "reject"):
    """Complete `stage`, which must be the next one: none skipped, none done twice.

    The stage's record is the history entry's reason; uploads are stored here, inside the step, so a
    refused stage leaves no file behind. A vote that fails (`vote_passes`) does not lead to publishing:
    the decision ends as 未通过, or with `if_failed="revise"` goes back to the party organization for a
    revised proposal.
    """
    if not _manages(user, decision):
        raise Refused.forbidden("您的角色不能办理此民主决策事项。")
    decision.refresh_from_db()
    if stage not in STAGE_KEYS or stage != decision.next_stage:
        expected = STAGE_LABELS.get(decision.next_stage, "（已全部完成）")
        raise Refused(f"须按顺序办理：下一步应为“{expected}”。")
    record = (record or "").strip()
    if not record:
        raise Refused({"record": "请填写本阶段的记录。"})
    fields = {"stage": stage}
    expected = Q(stage=_previous(stage))
    if stage == "solicit":
        if not _count(opinions):
            raise Refused({"opinions_count": "请填写征集到的意见数（不小于0的整数）。"})
        fields["opinions_count"] = opinions
    step_label = STAGE_LABELS[stage]
    if stage == "resolve":
        if not isinstance(votes, (list, tuple)) or len(votes) != 3 or not all(_count(v) for v in votes):
            raise Refused({"votes": "请录入居民代表会议的表决结果（赞成、反对、弃权，均为不小于0的整数）。"})
        if if_failed not in IF_FAILED:
            raise Refused({"if_failed": "请选择表决未通过时的处理方式。"})
        fields.update(zip(VOTE_FIELDS, votes, strict=True))
        if not vote_passes(*votes):
            tally = "赞成{}、反对{}、弃权{}，赞成票未超过投票总数的一半，表决未通过".format(*votes)
            record = f"{record}（{tally}；{IF_FAILED[if_failed]}）"
            if if_failed == "reject":
                fields["stage"], step_label = REJECTED, "表决未通过"
            else:  # back to 党组织提议: the old count goes with the old proposal
                fields = {"stage": "solicit", **dict.fromkeys(VOTE_FIELDS)}
                step_label = "表决未通过，退回重新提议"
    if stage == "publish_decision":
        if decision.votes_for is None:
            raise Refused("居民代表会议表决结果录入后才能公开决议。")
        if not decision.vote_passed:
            raise Refused("表决未通过的事项不能公开为决议。")
        expected &= PASSED
    decision = transition(decision, when=expected, to=fields, actor=user, step=step_label,
                          reason=record, refusal="该事项已由他人办理到下一阶段，请刷新后再办理。")
    step = DecisionStep.objects.create(decision=decision, stage=stage, date=date, record=record, actor=user)
    if files:
        step.attachments.add(*store_evidence(files, decision.community, user))
    return decision


@transaction.atomic
def reopen(user, decision, to_stage: str, reason: str):
    """Go back to redo `to_stage`; only with a written reason. Redoing the vote or anything before it
    clears the recorded vote, so a decision is never published on an old count."""
    if not _manages(user, decision):
        raise Refused.forbidden("您的角色不能办理此民主决策事项。")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise Refused({"reason": "退回重议须写明原因（至少4个字）。"})
    decision.refresh_from_db()
    if decision.stage == REJECTED:
        raise Refused.conflict("该事项表决未通过，已办结，不能退回。")
    if to_stage not in STAGE_KEYS or decision.stage not in STAGE_KEYS or (
            STAGE_KEYS.index(to_stage) > STAGE_KEYS.index(decision.stage)):
        raise Refused("只能退回到已完成的阶段。")
    fields = {"stage": _previous(to_stage)}
    if STAGE_KEYS.index(to_stage) <= STAGE_KEYS.index("resolve"):
        fields.update(dict.fromkeys(VOTE_FIELDS))
    decision = transition(decision, when={"stage": decision.stage}, to=fields, actor=user, step="退回重议",
                          reason=f"退回重新办理“{STAGE_LABELS[to_stage]}”：{reason}",
                          refusal="该事项已由他人办理，请刷新后再退回。")
    DecisionStep.objects.create(decision=decision, stage="reopen", date=timezone.localdate(),
                                record=f"退回重新办理“{STAGE_LABELS[to_stage]}”：{reason}", actor=user)
    return decision


# --- sentiment reports ----------------------------------------------------------------------------


def may_turn_into_problem(user, report) -> bool:
    return report.status == SentimentReport.Status.NEW and _handles(user, report)


def may_answer(user, report) -> bool:
    return report.status == SentimentReport.Status.NEW and _handles(user, report)


@transaction.atomic
def to_problem(user, report, category=Category.SERVICE):
    """One click: the report becomes a problem in the community's list, keeping the report as its source;
    a report marked 紧急 gets the street's shorter deadline."""
    if not _handles(user, report):
        raise Refused.forbidden("社情民意须由社区党组织转入问题清单。")
    if report.status != SentimentReport.Status.NEW:
        raise Refused.conflict(f"该社情民意当前为“{report.get_status_display()}”，不能再转为问题。")
    problem = create_problem(user, report.community, title=report.topic[:200], description=report.content,
                             category=category, source=Source.SENTIMENT,
                             urgent=report.urgency == SentimentReport.Urgency.URGENT)
    transition(report, when={"status": SentimentReport.Status.NEW, "problem__isnull": True},
               to={"status": SentimentReport.Status.PROBLEM, "problem": problem}, actor=user, step="转入问题清单",
               refusal="该社情民意当前为“{state}”，不能再转为问题。")
    return problem


@transaction.atomic
def answer(user, report, text: str):
    """Reply to a report that needs no rectifying; the reporter reads the answer on the report."""
    if not _handles(user, report):
        raise Refused.forbidden("社情民意须由社区党组织答复。")
    text = (text or "").strip()
    if not text:
        raise Refused({"answer": "请填写答复内容。"})
    return transition(report, when={"status": SentimentReport.Status.NEW},
                      to={"status": SentimentReport.Status.ANSWERED, "answer": text}, actor=user, step="答复",
                      refusal="该社情民意当前为“{state}”，不能再答复。")
