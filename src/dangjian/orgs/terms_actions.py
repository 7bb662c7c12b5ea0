"""Writes to the committee terms (terms.py), and who may make them.

One predicate per action, used both for the page's button and for the refusal here:
- `may_record_election`: an edit role at the organization or above it (its secretary records its own election);
- `may_edit_term`: the same people, for the current term until the level above has approved it (an approved
  election is a decided matter: a correction goes through the level above again);
- `may_approve_term`: an edit role strictly above the organization (`Organization.parent_org()` or higher), for a
  term not yet approved.

A new election closes the organization's current term on its date, in the same transaction.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core.scope import acts_above, holds
from dangjian.core.workflow import Refused, credit, transition

from .terms import EDIT_ROLES, CommitteeTerm, ElectedMember


def may_record_election(user, org) -> bool:
    return holds(user, org, EDIT_ROLES)


def may_edit_term(user, term) -> bool:
    return term.is_current and term.approved_on is None and holds(user, term.organization, EDIT_ROLES)


def may_approve_term(user, term) -> bool:
    return term.approved_on is None and acts_above(user, term.organization, EDIT_ROLES)


def require_edit_term(user, term) -> None:
    if may_edit_term(user, term):
        return
    if holds(user, term.organization, EDIT_ROLES):
        raise Refused.conflict("该届任期已批复或已换届，不能再修改。")
    raise Refused.forbidden("您的角色不能修改此任期。")


@transaction.atomic
def save_term(user, term: CommitteeTerm):
    """Record an election (a new term, closing the current one on the election's date) or correct the current
    term before its approval."""
    if term.pk is not None:
        current = CommitteeTerm.objects.select_for_update().select_related("organization").get(pk=term.pk)
        require_edit_term(user, current)
        if current.organization_id != term.organization_id:
            raise Refused({"organization": "不能更换任期所属的组织。"})
    elif term.organization_id and not may_record_election(user, term.organization):
        raise Refused({"organization": "只能登记您所管理组织的换届选举。"})
    new = term.pk is None
    previous = None
    if new and term.organization_id:
        previous = (CommitteeTerm.objects.select_for_update().filter(organization_id=term.organization_id,
                                                                     closed_on__isnull=True).first())
        if previous is not None and term.elected_on and term.elected_on <= previous.elected_on:
            raise Refused({"elected_on": f"选举日期应晚于上一届的选举日期（{previous.elected_on:%Y-%m-%d}）。"})
        term.created_by = user if getattr(user, "is_authenticated", False) else None
    if previous is not None:
        # The previous term ends on this election's date (the new committee takes over that day).
        transition(previous, when={"closed_on__isnull": True}, to={"closed_on": term.elected_on}, actor=user,
                   refusal="上一届任期已换届。", step="换届", reason=f"{term.elected_on:%Y-%m-%d}选举产生新一届委员会")
    term.full_clean()
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError:  # another election recorded a moment earlier (a double click, or two people at once)
        raise Refused.conflict("该组织已有一届未结束的任期（刚刚由他人登记），请刷新页面后查看。") from None
    if new:
        credit(term, user)
    return term


@transaction.atomic
def approve_term(user, term, on, number: str = ""):
    """The level above approves the election (批复), on a date, with its document number."""
    if not may_approve_term(user, term):
        if term.approved_on is None:
            raise Refused.forbidden("只有上级党组织可以批复换届选举结果。")
        raise Refused.conflict("该届选举结果已批复。")
    if on is None:
        raise Refused({"on": "请填写批复日期。"})
    if on < term.elected_on or on > timezone.localdate():
        raise Refused({"on": "批复日期应在选举日期之后、不晚于今天。"})
    parent = term.organization.parent_org()
    return transition(term, when={"approved_on__isnull": True},
                      to={"approved_on": on, "approved_by_org": parent, "approval_no": number.strip()[:60]},
                      actor=user, refusal="该届选举结果已批复。", step="上级批复", reason=number)


@transaction.atomic
def add_elected(user, term, name: str, post: str, person=None, votes=None):
    require_edit_term(user, term)
    name = (name or "").strip() or (person.name if person is not None else "")
    if not name:
        raise Refused({"name": "请填写当选人姓名或选择平台内人员。"})
    row = ElectedMember(term=term, name=name[:50], post=post, person=person, votes=votes)
    row.full_clean()
    row.save()
    credit(row, user)
    return row
