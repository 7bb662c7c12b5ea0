"""Decisions move through their six stages in order; reports are answered or become problems.

Every step is a `transition`, so a decision's history names who completed each stage and why it
was sent back; a `may_<action>` predicate decides both whether the page offers the button and
whether the action runs.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from dangjian.core.forms import store_evidence
from dangjian.core.roles import Role
from dangjian.core.workflow import Refused, transition
from dangjian.ledgers.actions import create_problem
from dangjian.ledgers.choices import Category, Source

from .models import (
    REJECTED,
    SOLICITING,
    STAGE_KEYS,
    STAGE_LABELS,
    Decision,
    DecisionStep,
    Opinion,
    SentimentReport,
    SupervisionRecord,
    vote_passes,
)

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
    decision.refresh_from_db(from_queryset=Decision.objects.select_for_update())  # opinions wait (give_opinion)
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
        online = decision.opinions.count()
        if opinions < online:
            raise Refused({"opinions_count": f"居民已在手机上提交{online}条意见，征集意见数不能少于{online}。"})
        fields["opinions_count"] = opinions
        if online:
            record = f"{record}（其中居民在线提交意见{online}条）"
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
def to_problem(user, report, category=Category.SERVICE, title: str | None = None):
    """The report becomes a problem in the community's list, keeping the report as its source; a report marked
    紧急 gets the street's shorter deadline. The title is the staff's (the topic by default): a resident's problem
    is listed on the public 两公开 page, and the resident's own words may name people."""
    if not _handles(user, report):
        raise Refused.forbidden("社情民意须由社区党组织转入问题清单。")
    if report.status != SentimentReport.Status.NEW:
        raise Refused.conflict(f"该社情民意当前为“{report.get_status_display()}”，不能再转为问题。")
    # A resident's own report: they are asked whether it was fixed once it is resolved (ledgers.ask_resident).
    raised = {"raised_by_id": report.reporter_id, "raised_in": report.community} if report.by_resident else {}
    title = report.topic if title is None else title.strip()
    if not title:
        raise Refused({"title": "请填写问题标题。"})
    problem = create_problem(user, report.community, title=title[:200], description=report.content,
                             category=category, source=Source.SENTIMENT,
                             urgent=report.urgency == SentimentReport.Urgency.URGENT, **raised)
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


# --- residents and 四大员 on their phones -----------------------------------------------------------

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
PHOTO_MAX_MB = 8


def resident_community(user):
    """The community a resident (volunteer, member) acts in for themselves; None for staff-only accounts."""
    from dangjian.orgs.choices import OrgKind
    from dangjian.services.actions import home_community

    # A member whose branch sits under a two-new organization or an office has no community to speak in here:
    # offering them the forms would end in a refusal.
    community = home_community(user)
    return community if community is not None and community.kind == OrgKind.COMMUNITY_COMMITTEE else None


def home_grid(user):
    """The grid a resident's own grant lies in (registered at a grid), else None: they choose one of their
    community's grids when they report."""
    from dangjian.core import tree
    from dangjian.core.roles import SELF_ROLES
    from dangjian.core.scope import grants
    from dangjian.orgs.models import Grid

    paths = {p for g in grants(user) if g.role in SELF_ROLES for p in tree.ancestor_paths(g.path, include_self=True)}
    return Grid.objects.filter(organization__path__in=paths).select_related("organization").order_by(
        "organization__path").first() if paths else None


def grids_of(community):
    from dangjian.orgs.models import Grid

    return Grid.objects.filter(organization__path__startswith=community.path).order_by("organization__path")


_ASK = object()


def may_give_opinion(user, decision, community=_ASK) -> bool:
    """While an item is being drafted (一征), the residents of its community may give their opinions.
    `community`: the user's (`resident_community`), when the caller already has it (a list asks once)."""
    community = resident_community(user) if community is _ASK else community
    return decision.stage == SOLICITING and community is not None and decision.community_id == community.pk


@transaction.atomic
def give_opinion(user, decision, content: str, name: str = "") -> Opinion:
    """Store a resident's opinion with the decision (and their grid), named only if they sign it. The row is
    locked, so an opinion cannot land on an item whose 征求意见 is being closed with a count that leaves it out."""
    decision.refresh_from_db(from_queryset=Decision.objects.select_for_update())
    if decision.stage != SOLICITING:
        raise Refused.conflict("该事项已结束征求意见，不能再提交意见。")
    if not may_give_opinion(user, decision):
        raise Refused.forbidden("只有本社区居民可以对该事项提出意见。")
    content, name = (content or "").strip(), (name or "").strip()
    if len(content) < 4:
        raise Refused({"content": "请写下您的意见（至少4个字）。"})
    opinion = Opinion.objects.create(decision=decision, grid=home_grid(user), author=user, signed_name=name[:30],
                                     content=content[:2000])
    return opinion


def may_submit_report(user) -> bool:
    return resident_community(user) is not None


def _photo(upload, grid, user):
    """A resident's photo: an image, not over PHOTO_MAX_MB, stored (and checked) as evidence of the grid."""
    import os

    from dangjian.core.forms import store_evidence

    ext = os.path.splitext(upload.name)[1].lower()
    if ext not in PHOTO_EXTENSIONS:
        raise Refused({"photo": "请上传照片（jpg、png、gif 或 webp 格式）。"})
    if upload.size > PHOTO_MAX_MB * 1024 * 1024:
        raise Refused({"photo": f"照片超过 {PHOTO_MAX_MB}MB，请压缩后再上传。"})
    try:
        return store_evidence([upload], grid.organization, user)[0]
    except ValidationError as exc:  # Evidence.store's own checks (content not matching the extension)
        raise Refused({"photo": exc.messages[0]}) from None


@transaction.atomic
def submit_report(user, *, topic: str, content: str, location: str = "", grid=None, photo=None,
                  urgent: bool = False) -> SentimentReport:
    """A resident's 社情民意 from the phone: it goes to their grid (their own, or one they choose in their
    community) and waits in that grid's and the community's to-do lists."""
    community = resident_community(user)
    if community is None:
        raise Refused.forbidden("只有本社区居民可以在这里反映社情民意。")
    own = home_grid(user)
    grid = own or grid
    errors = {}
    if grid is None:
        errors["grid"] = "请选择您所在的网格。"
    elif not grids_of(community).filter(pk=grid.pk).exists():
        errors["grid"] = "请选择本社区的网格。"
    topic, content = (topic or "").strip(), (content or "").strip()
    if len(topic) < 2:
        errors["topic"] = "请用一句话写明反映的事情。"
    if len(content) < 4:
        errors["content"] = "请写明具体情况（至少4个字）。"
    if errors:
        raise Refused(errors)
    report = SentimentReport.objects.create(
        community=community, grid=grid, reporter=user, by_resident=True, topic=topic[:200], content=content,
        location=(location or "").strip()[:100],
        urgency=SentimentReport.Urgency.URGENT if urgent else SentimentReport.Urgency.NORMAL)
    if photo is not None:
        report.photo = _photo(photo, grid, user)
        report.save(update_fields=["photo"])
    return report


def may_file_record(user, supervisor) -> bool:
    """A 四大员 files records under their own appointment."""
    return supervisor.person.user_id == user.pk


@transaction.atomic
def file_record(user, supervisor, subject: str, date, finding: str, follow_up: str = "") -> SupervisionRecord:
    if not may_file_record(user, supervisor):
        raise Refused.absent()
    record = SupervisionRecord(community=supervisor.community, supervisor=supervisor, subject=subject, date=date,
                               finding=(finding or "").strip(), follow_up=(follow_up or "").strip())
    record.full_clean()
    record.save()
    return record
