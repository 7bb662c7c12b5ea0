"""A member confirms the lines of their own points ledger (双十规范: points are shown to the member), or
objects with a reason; the objection waits in the branch secretary's to-do list until answered.

Each step is a `transition` on the entry (the history names who said what), with one `may_…` predicate
used for the button and again by the step.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.core.scope import has_role, holds
from dangjian.core.workflow import Refused, transition

from .choices import EntryStatus, MemberAck
from .models import PointEntry

OPEN_TO_MEMBER = Q(member_ack=MemberAck.UNSEEN) & ~Q(status=EntryStatus.REJECTED)


def _is_own(user, entry) -> bool:
    return getattr(user, "is_authenticated", False) and entry.member.person.user_id == user.pk


def _acting_member(user, entry) -> bool:
    """The member themselves, acting as a member (a secretary who is also a member answers as a member only
    when they act with that role)."""
    return _is_own(user, entry) and has_role(user, Role.MEMBER)


def may_acknowledge(user, entry) -> bool:
    """The member themselves, on a line they have not yet confirmed or objected to (a rejected line is void)."""
    return (_acting_member(user, entry) and entry.member_ack == MemberAck.UNSEEN
            and entry.status != EntryStatus.REJECTED)


def confirm_entry(user, entry) -> PointEntry:
    if not _acting_member(user, entry):
        raise Refused.absent()
    return transition(entry, when=OPEN_TO_MEMBER, to={"member_ack": MemberAck.CONFIRMED, "ack_at": timezone.now()},
                      actor=user, step="党员确认", refusal="该笔积分您已确认或提出过异议。")


def dispute_entry(user, entry, objection: str) -> PointEntry:
    """An objection with its reason: it reaches the to-do list of whoever manages the member's branch."""
    if not _acting_member(user, entry):
        raise Refused.absent()
    objection = (objection or "").strip()
    if len(objection) < 4:
        raise Refused({"objection": "请写明异议理由（至少4个字），以便支部书记核实。"})
    return transition(entry, when=OPEN_TO_MEMBER,
                      to={"member_ack": MemberAck.DISPUTED, "objection": objection[:200], "ack_at": timezone.now()},
                      actor=user, step="提出异议", reason=objection, refusal="该笔积分您已确认或提出过异议。")


def may_answer(user, entry) -> bool:
    """Whoever manages the member's branch (at it or above) answers an objection — never the member."""
    return (entry.member_ack == MemberAck.DISPUTED and not _is_own(user, entry)
            and holds(user, entry.member.branch, PointEntry.edit_roles))


def answer_dispute(user, entry, reply: str, void: bool = False) -> PointEntry:
    """The secretary's answer: the line stands (explained), or it is voided (no longer counted)."""
    if _is_own(user, entry) or not holds(user, entry.member.branch, PointEntry.edit_roles):
        raise Refused.forbidden("您的角色不能答复该党员的积分异议。")
    if entry.member_ack != MemberAck.DISPUTED:
        raise Refused.conflict("该笔积分没有待答复的异议。")
    reply = (reply or "").strip()
    if len(reply) < 2:
        raise Refused({"reply": "请填写答复内容。"})
    to = {"member_ack": MemberAck.ANSWERED, "reply": reply[:200]}
    if void:
        to["status"] = EntryStatus.REJECTED
    entry = transition(entry, when={"member_ack": MemberAck.DISPUTED}, to=to, actor=user,
                       step="撤销积分" if void else "答复异议", reason=reply, refusal="该异议已答复。")
    outcome = "已撤销该笔积分" if void else "维持原积分"
    notify(entry.member.person.user, f"point-answer:{entry.pk}", f"积分异议已答复：{outcome}",
           f"{entry.rule.item}（{entry.date:%m月%d日}）：{reply}", url=reverse("phone:points"))
    return entry
