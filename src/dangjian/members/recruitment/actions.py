"""Writes of the recruitment pipeline, and who may make them.

Every step goes through `_advance`: the step's one predicate `may_<step>(user, candidate)` (the page shows the
button by it; a hand-made POST is refused by it: 403 for the role, 409 for the state), the date checked against
the rules table (a step too early is refused naming the date it becomes possible), then
`core.workflow.transition` — a conditional UPDATE that writes the history entry (who, when, from → to, the
step) — and a `CandidateStep` row for the timeline with the step's notes and document.

The party member record is made here and only here: at the level above's approval of 预备党员 (入党日期 = the
branch meeting's vote), and the same record becomes a full member at the approval of 转正 (转正日期 = the end
of probation). Nobody types it in again.
"""

import copy
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core.dates import add_months
from dangjian.core.roles import Role
from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, credit, transition
from dangjian.orgs.choices import OrgKind

from ..choices import ACTIVE_STATUSES, Category
from ..models import Candidate, CandidateStep, PartyMember
from ..models.roster import MEMBER_BRANCH_KINDS
from . import rules
from .choices import OPEN_STAGES, Stage, Step

BRANCH_ROLES = frozenset(Candidate.edit_roles)
APPROVER_ROLES = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})
# The 基层党委 that files, pre-reviews and approves for a branch: a 社区党委, or the 街道党工委 itself where the
# branch (or the 党总支 or two-new organization it sits in) hangs directly under the street.
APPROVING_KINDS = (OrgKind.COMMUNITY_COMMITTEE, OrgKind.STREET_COMMITTEE, OrgKind.DISTRICT)


def approving_org(branch):
    """The level above that approves for `branch`: `parent_org()` upwards to the first 党委 (a 党总支 or a two-new
    organization has no power to approve)."""
    org = branch.parent_org()
    while org is not None and org.kind not in APPROVING_KINDS:
        org = org.parent_org()
    return org


def _approver(c):
    if not hasattr(c, "_approver"):
        c._approver = approving_org(c.branch)
    return c._approver


def manages(user, c) -> bool:
    """Branch steps: the branch secretary, the community secretary or the street admin over the branch."""
    return holds(user, c.branch, BRANCH_ROLES)


def approves(user, c) -> bool:
    """Pre-review and approvals: a holder at the level above (`approving_org`), never the branch itself."""
    org = _approver(c)
    return org is not None and holds(user, org, APPROVER_ROLES)


def _allowed(step, user, c) -> bool:
    return approves(user, c) if rules.RULES[step].by_above else manages(user, c)


def may(step, user, c) -> bool:
    """The one predicate of each step: the right holder, and the candidate's state allows it."""
    return _allowed(step, user, c) and not rules.blocker(step, c)


def may_talk(user, c): return may(Step.TALK, user, c)  # noqa: E704
def may_activist(user, c): return may(Step.ACTIVIST, user, c)  # noqa: E704
def may_observe(user, c): return may(Step.OBSERVE, user, c)  # noqa: E704
def may_develop(user, c): return may(Step.DEVELOP, user, c)  # noqa: E704
def may_review(user, c): return may(Step.REVIEW, user, c)  # noqa: E704
def may_training(user, c): return may(Step.TRAINING, user, c)  # noqa: E704
def may_introducers(user, c): return may(Step.INTRODUCERS, user, c)  # noqa: E704
def may_committee_review(user, c): return may(Step.COMMITTEE_REVIEW, user, c)  # noqa: E704
def may_prereview(user, c): return may(Step.PREREVIEW, user, c)  # noqa: E704
def may_vote(user, c): return may(Step.VOTE, user, c)  # noqa: E704
def may_approve(user, c): return may(Step.APPROVE, user, c)  # noqa: E704
def may_oath(user, c): return may(Step.OATH, user, c)  # noqa: E704
def may_extend(user, c): return may(Step.EXTEND, user, c)  # noqa: E704
def may_convert_vote(user, c): return may(Step.CONVERT_VOTE, user, c)  # noqa: E704
def may_convert_approve(user, c): return may(Step.CONVERT_APPROVE, user, c)  # noqa: E704
def may_stop(user, c): return may(Step.STOP, user, c)  # noqa: E704


PREDICATES = {Step(name[4:]): func for name, func in list(globals().items())
              if name.startswith("may_") and callable(func)}


def possible_steps(user, c) -> list[Step]:
    """The steps this user may take on the candidate now, in the pipeline's order (the page's buttons)."""
    return [step for step in rules.RULES if PREDICATES[step](user, c)]


def _require(step, user, c) -> None:
    if not _allowed(step, user, c):
        who = "上级党委" if rules.RULES[step].by_above else "支部或上级党组织"
        raise Refused.forbidden(f"“{step.label}”须由{who}的负责人办理。")
    problem = rules.blocker(step, c)
    if problem:
        raise Refused.conflict(problem)


def _check_date(step, c, on) -> None:
    if on is None:
        raise Refused({"date": "请填写日期（格式：2026-03-05）。"})
    if on > timezone.localdate():
        raise Refused({"date": "日期不能晚于今天。"})
    early = rules.too_early(step, c, on)
    if early:
        raise Refused({"date": early})


def full_members_of(branch):
    """The branch's full members in its life (the people who may contact, introduce and vote)."""
    return PartyMember.objects.filter(branch=branch, category=Category.FULL, status__in=ACTIVE_STATUSES)


def _two_full_members(c, first, second, field: str, what: str) -> None:
    if first is None or second is None:
        raise Refused({field: f"请选择两名{what}。"})
    if first.pk == second.pk:
        raise Refused({field: f"两名{what}不能是同一人。"})
    found = full_members_of(c.branch).filter(pk__in=[first.pk, second.pk]).count()
    if found != 2:
        raise Refused({field: f"{what}须为本支部的正式党员。"})


def _advance(step, user, c, on, fields, note: str = "", document: str = "") -> Candidate:
    """Record `step` on the candidate dated `on` with its `fields`, the stage it leads to and the next step.

    `fields` may be a function of the candidate (as locked) returning them, so that its checks of the step's own
    data come after the checks of who, when and in what order."""
    with transaction.atomic():
        current = Candidate.objects.select_for_update().select_related("branch").get(pk=c.pk)
        current._approver = getattr(c, "_approver", None) or approving_org(current.branch)
        _require(step, user, current)
        _check_date(step, current, on)
        rule = rules.RULES[step]
        to = dict(fields(current) if callable(fields) else fields)
        if rule.done:
            to[rule.done] = on
        if rule.to_stage:
            to["stage"] = rule.to_stage
        after = copy.copy(current)
        for name, value in to.items():
            setattr(after, name, value)
        to["next_step"], to["next_from"], to["next_due"] = rules.plan(after)
        when = Q(stage=current.stage)
        if rule.done:
            when &= Q(**{f"{rule.done}__isnull": True})
        c = transition(current, when=when, to=to, actor=user, step=step.label, reason=note,
                       refusal="该记录已被他人办理，请刷新后查看。")
        CandidateStep.objects.create(candidate=c, step=step, date=on, note=note.strip(), document=document.strip(),
                                     recorded_by=user if getattr(user, "is_authenticated", False) else None)
    return c


# --- the application --------------------------------------------------------------------------------


def may_add_candidate(user, branch) -> bool:
    return branch is not None and branch.kind in MEMBER_BRANCH_KINDS and holds(user, branch, BRANCH_ROLES)


def open_candidacy(person):
    return Candidate.objects.filter(person=person, stage__in=OPEN_STAGES).first()


@transaction.atomic
def apply(user, branch, person, applied_on: date, note: str = "", document: str = "入党申请书") -> Candidate:
    """Register an application (入党申请书) of `person` (existing, or a new Person not yet saved) in `branch`."""
    if branch is None or branch.kind not in MEMBER_BRANCH_KINDS:
        raise Refused({"branch": "请选择党支部（含网格党支部、志愿服务党支部、党总支）。"})
    if not holds(user, branch, BRANCH_ROLES):
        raise Refused.forbidden("您的角色不能在该支部登记入党申请。")
    if applied_on is None:
        raise Refused({"applied_on": "请填写入党申请书日期。"})
    if applied_on > timezone.localdate():
        raise Refused({"applied_on": "入党申请书日期不能晚于今天。"})
    if person.pk is not None:
        if PartyMember.objects.filter(person=person).exists():
            raise Refused({"person": f"{person.name}已是党员，不需登记入党申请。"})
        if open_candidacy(person) is not None:
            raise Refused({"person": f"{person.name}已在发展党员程序中。"})
    if person.pk is None:
        person.full_clean()  # a new person: the ID number gives the birth date (and is checked)
    if person.birth_date is None:
        raise Refused({"person": "请先登记出生日期或身份证号，以核对申请时是否年满十八周岁。"})
    adult = rules.adult_from(person.birth_date)
    if applied_on < adult:
        raise Refused({"applied_on": f"申请入党须年满十八周岁（{rules.cn_date(adult)}起方可申请）。"})
    if person.pk is None:
        person.save()
        credit(person, user)
    c = Candidate(person=person, branch=branch, applied_on=applied_on, stage=Stage.APPLICANT,
                  created_by=user if getattr(user, "is_authenticated", False) else None)
    c.next_step, c.next_from, c.next_due = rules.plan(c)
    c.save()
    credit(c, user)
    CandidateStep.objects.create(candidate=c, step=Step.APPLY, date=applied_on, note=note.strip(),
                                 document=document.strip(), recorded_by=c.created_by)
    return c


# --- the steps --------------------------------------------------------------------------------------


def talk(user, c, on, talk_by: str, note: str = "", document: str = "谈话记录"):
    if not (talk_by or "").strip():
        raise Refused({"talk_by": "请填写谈话人。"})
    return _advance(Step.TALK, user, c, on, {"talk_by": talk_by.strip()[:50]}, note, document)


def make_activist(user, c, on, contact_1, contact_2, filed_on=None, note="", document="支部委员会会议记录"):
    def fields(current):
        _two_full_members(current, contact_1, contact_2, "contact_1", "培养联系人")
        if filed_on is not None and filed_on < on:
            raise Refused({"filed_on": "备案日期不能早于支部委员会确定的日期。"})
        return {"contact_1": contact_1, "contact_2": contact_2, "activist_filed_on": filed_on}

    return _advance(Step.ACTIVIST, user, c, on, fields, note, document)


def observe(user, c, on, note: str, document: str = "培养考察意见"):
    """A half-yearly 考察 record of an activist or development candidate (repeatable)."""
    if not (note or "").strip():
        raise Refused({"note": "请填写考察情况。"})
    with transaction.atomic():
        c = Candidate.objects.select_for_update().select_related("branch").get(pk=c.pk)
        _require(Step.OBSERVE, user, c)
        _check_date(Step.OBSERVE, c, on)
        from dangjian.core.workflow import record

        record(c, actor=user, changes={"考察": ("", on.isoformat())}, step=Step.OBSERVE.label, reason=note)
        CandidateStep.objects.create(candidate=c, step=Step.OBSERVE, date=on, note=note.strip(),
                                     document=document.strip(), recorded_by=user)
    return c


def develop(user, c, on, filed_on=None, note="", document="支部委员会会议记录"):
    if filed_on is not None and on is not None and filed_on < on:
        raise Refused({"filed_on": "备案日期不能早于支部委员会确定的日期。"})
    return _advance(Step.DEVELOP, user, c, on, {"developed_filed_on": filed_on}, note, document)


def review(user, c, on, conclusion: str, note="", document="政治审查综合材料"):
    if not (conclusion or "").strip():
        raise Refused({"conclusion": "请填写政治审查结论。"})
    return _advance(Step.REVIEW, user, c, on, {"review_conclusion": conclusion.strip()[:200]}, note, document)


def training(user, c, on, days, hours, certificate: str = "", note="", document="培训结业证书"):
    if (days or 0) < rules.MIN_TRAINING_DAYS and (hours or 0) < rules.MIN_TRAINING_HOURS:
        raise Refused({"hours": f"集中培训时间一般不少于{rules.MIN_TRAINING_DAYS}天或"
                                f"{rules.MIN_TRAINING_HOURS}个学时。"})
    return _advance(Step.TRAINING, user, c, on, {"training_days": days, "training_hours": hours,
                                                  "training_certificate": (certificate or "").strip()[:50]},
                    note, document)


def introducers(user, c, on, introducer_1, introducer_2, note="", document="入党志愿书"):
    def fields(current):
        _two_full_members(current, introducer_1, introducer_2, "introducer_1", "入党介绍人")
        return {"introducer_1": introducer_1, "introducer_2": introducer_2}

    return _advance(Step.INTRODUCERS, user, c, on, fields, note, document)


def committee_review(user, c, on, note="", document="支部委员会审查意见"):
    return _advance(Step.COMMITTEE_REVIEW, user, c, on, {}, note, document)


def prereview(user, c, on, note="", document="预审意见"):
    return _advance(Step.PREREVIEW, user, c, on, {}, note, document)


def _vote_fields(c, entitled, attended, in_favour, against, prefix):
    problem = rules.vote_problem(entitled, attended, in_favour, against)
    if problem:
        raise Refused({"in_favour": problem})
    full = full_members_of(c.branch).count()
    if entitled > full:
        raise Refused({"entitled": f"有表决权的正式党员数不能多于本支部的正式党员数（{full}人）。"})
    return {f"{prefix}entitled": entitled, f"{prefix}attended": attended, f"{prefix}for": in_favour,
            f"{prefix}against": against}


def vote(user, c, on, entitled, attended, in_favour, against, note="", document="支部大会决议"):
    """支部大会讨论接收预备党员: passed only with more than half of the entitled full members for it."""
    return _advance(Step.VOTE, user, c, on,
                    lambda current: _vote_fields(current, entitled, attended, in_favour, against, "vote_"),
                    note, document)


def approve(user, c, on, note="", document="上级党委审批意见"):
    """The level above approves 预备党员: the party member record is made now, dated by the branch meeting."""
    def fields(current):
        limit = add_months(current.voted_on, rules.APPROVAL_LIMIT_MONTHS)
        if on > limit:
            raise Refused({"date": f"上级党委审批不得超过支部大会通过后六个月（{rules.cn_date(limit)}）。"})
        if PartyMember.objects.filter(person_id=current.person_id).exists():
            raise Refused.conflict(f"{current.person.name}已有党员记录，不能再次接收。")
        return {}

    with transaction.atomic():
        c = _advance(Step.APPROVE, user, c, on, fields, note, document)
        member = PartyMember(person=c.person, branch=c.branch, category=Category.PROBATIONARY,
                             join_date=c.voted_on, note="由发展党员程序接收为预备党员")
        member.full_clean()
        member.save()
        credit(member, user)
        Candidate.objects.filter(pk=c.pk).update(member=member)
        c.member = member
    return c


def oath(user, c, on, note="", document="入党宣誓"):
    return _advance(Step.OATH, user, c, on, {}, note, document)


def extend(user, c, on, months, reason: str, note="", document="支部大会决议"):
    low, high = rules.EXTENSION_MONTHS
    if months is None or not low <= months <= high:
        raise Refused({"months": f"延长预备期最短{low}个月，最长不超过{high}个月。"})
    if not (reason or "").strip():
        raise Refused({"reason": "请填写延长预备期的原因。"})
    return _advance(Step.EXTEND, user, c, on, {"extended_months": months, "extension_reason": reason.strip()[:200]},
                    note or reason, document)


def convert_vote(user, c, on, entitled, attended, in_favour, against, note="", document="支部大会决议"):
    return _advance(Step.CONVERT_VOTE, user, c, on,
                    lambda current: _vote_fields(current, entitled, attended, in_favour, against, "convert_"),
                    note, document)


def convert_approve(user, c, on, note="", document="上级党委审批意见"):
    """The level above approves 转正: the same member record becomes full, dated by the end of probation."""
    with transaction.atomic():
        c = _advance(Step.CONVERT_APPROVE, user, c, on, {}, note, document)
        member = c.member
        if member is None:
            raise Refused.conflict("没有找到该预备党员的党员记录。")
        transition(member, when={"category": Category.PROBATIONARY},
                   to={"category": Category.FULL, "full_date": rules.probation_end(c)}, actor=user,
                   refusal="该党员已是正式党员。", step="预备党员转正", reason=note)
    return c


def stop(user, c, on, reason: str, document=""):
    if not (reason or "").strip():
        raise Refused({"reason": "请填写终止的原因。"})
    return _advance(Step.STOP, user, c, on, {"stop_reason": reason.strip()[:200]}, reason, document)


# The action of each step, for the step page and the API (each takes user, candidate, date and its own fields).
ACTIONS = {
    Step.TALK: talk, Step.ACTIVIST: make_activist, Step.OBSERVE: observe, Step.DEVELOP: develop,
    Step.REVIEW: review, Step.TRAINING: training, Step.INTRODUCERS: introducers,
    Step.COMMITTEE_REVIEW: committee_review, Step.PREREVIEW: prereview, Step.VOTE: vote, Step.APPROVE: approve,
    Step.OATH: oath, Step.EXTEND: extend, Step.CONVERT_VOTE: convert_vote, Step.CONVERT_APPROVE: convert_approve,
    Step.STOP: stop,
}
