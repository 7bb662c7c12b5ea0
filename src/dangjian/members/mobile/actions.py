"""Writes to the mobile members' records, and who may make them.

One predicate per action, used both for the page's button and for the refusal here:
- `may_edit_outflow`: the member's branch secretary, or the community or street above, while the member is away
  (a closed stay is history: its dates place the member in the figures of past months);
- `may_close_outflow`: the same people, for a stay not yet closed — the member is back, 流动 → 正常;
- `may_log_contact`: the same people, for a stay not yet closed;
- `may_edit_inflow`: the branch's secretary or the community or street above the branch joined.

Opening a stay marks the member 流动 and closing it 正常, through `core.workflow.transition` (history, race-safe).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, credit, transition

from ..choices import Status
from ..models.mobile import EDIT_ROLES, Inflow, InflowParticipation, Outflow, OutflowContact

AWAY_FROM = (Status.NORMAL, Status.MOBILE)  # a lost, transferred or deceased member does not "go out"


def manages_member(user, member) -> bool:
    return holds(user, member.branch, EDIT_ROLES)


def may_edit_outflow(user, outflow) -> bool:
    return outflow.is_open and manages_member(user, outflow.member)


def may_close_outflow(user, outflow) -> bool:
    return outflow.is_open and manages_member(user, outflow.member)


def may_log_contact(user, outflow) -> bool:
    return outflow.is_open and manages_member(user, outflow.member)


def may_edit_inflow(user, inflow) -> bool:
    return holds(user, inflow.branch, EDIT_ROLES)


def require_edit_inflow(user, inflow) -> None:
    if not may_edit_inflow(user, inflow):
        raise Refused.forbidden("您的角色不能修改此流入党员登记。")


def _require(allowed: bool, manages: bool, closed_message: str, role_message: str) -> None:
    if allowed:
        return
    if manages:
        raise Refused.conflict(closed_message)
    raise Refused.forbidden(role_message)


def require_edit_outflow(user, outflow) -> None:
    _require(may_edit_outflow(user, outflow), manages_member(user, outflow.member),
             "该党员已返回，此次流动登记不能再修改。", "您的角色不能修改此流动登记。")


@transaction.atomic
def save_outflow(user, outflow):
    """Register a stay away (the member becomes 流动 from its start) or change an open one."""
    if outflow.pk is not None:
        current = Outflow.objects.select_for_update().select_related("member__branch").get(pk=outflow.pk)
        require_edit_outflow(user, current)
        if current.member_id != outflow.member_id:
            raise Refused({"member": "不能更换流动登记的党员，请另行登记。"})
    elif outflow.member_id and not manages_member(user, outflow.member):
        raise Refused({"member": "只能登记您所管理支部的党员。"})
    if outflow.start and outflow.start > timezone.localdate():
        raise Refused({"start": "外出日期不能晚于今天。"})
    new = outflow.pk is None
    if new:
        outflow.created_by = user if getattr(user, "is_authenticated", False) else None
        if outflow.member.status not in AWAY_FROM:
            raise Refused({"member": f"该党员状态为“{outflow.member.get_status_display()}”，不能登记外出流动。"})
    outflow.full_clean()
    try:
        with transaction.atomic():
            outflow.save()
    except IntegrityError:  # another stay opened a moment earlier (a double click, or two secretaries at once)
        raise Refused.conflict(f"{outflow.member.person.name}已有未返回的外出流动登记，请勿重复登记。") from None
    member = outflow.member
    if new or member.status_date != outflow.start:
        transition(member, when={"status__in": AWAY_FROM}, to={"status": Status.MOBILE, "status_date": outflow.start},
                   actor=user, refusal="该党员状态为“{state}”，不能登记外出流动。", step="外出流动",
                   reason=f"流入地：{outflow.place}")
    if new:
        credit(outflow, user)
    return outflow


@transaction.atomic
def close_outflow(user, outflow, on, note: str = ""):
    """The member is back: the stay ends on `on` and the member is 正常 again."""
    if not manages_member(user, outflow.member):
        raise Refused.forbidden("您的角色不能登记党员返回。")
    if on is None:
        raise Refused({"on": "请填写返回日期。"})
    if on < outflow.start:
        raise Refused({"on": "返回日期不能早于外出日期。"})
    if on > timezone.localdate():
        raise Refused({"on": "返回日期不能晚于今天。"})
    transition(outflow, when={"returned_on__isnull": True}, to={"returned_on": on}, actor=user,
               refusal="该党员已登记返回。", step="返回", reason=note)
    member = outflow.member
    transition(member, when={"status": Status.MOBILE}, to={"status": Status.NORMAL, "status_date": on}, actor=user,
               refusal="该党员状态为“{state}”，不是流动状态。", step="流动党员返回", reason=note)
    return outflow


@transaction.atomic
def log_contact(user, outflow, on, note: str):
    if not may_log_contact(user, outflow):
        _require(False, manages_member(user, outflow.member), "该党员已返回，不再登记联系。",
                 "您的角色不能登记联系情况。")
    if on is None or on > timezone.localdate():
        raise Refused({"date": "请填写不晚于今天的联系日期。"})
    if on < outflow.start:
        raise Refused({"date": "联系日期不能早于外出日期。"})
    if not note.strip():
        raise Refused({"note": "请填写联系情况。"})
    contact = OutflowContact(outflow=outflow, date=on, note=note.strip()[:200],
                             created_by=user if getattr(user, "is_authenticated", False) else None)
    contact.full_clean()
    contact.save()
    credit(contact, user)
    return contact


@transaction.atomic
def save_inflow(user, inflow: Inflow):
    if inflow.pk is not None:
        current = Inflow.objects.select_for_update().select_related("branch").get(pk=inflow.pk)
        if not may_edit_inflow(user, current):
            raise Refused.forbidden("您的角色不能修改此流入党员登记。")
    if inflow.branch_id and not may_edit_inflow(user, inflow):
        raise Refused({"branch": "只能登记到您所管理的支部。"})
    new = inflow.pk is None
    if new:
        inflow.created_by = user if getattr(user, "is_authenticated", False) else None
    inflow.full_clean()
    inflow.save()
    if new:
        credit(inflow, user)
    return inflow


@transaction.atomic
def record_participation(user, inflow, on, meeting=None, note: str = ""):
    """An in-flowing member took part in one of the branch's meetings (or another activity, described)."""
    if not may_edit_inflow(user, inflow):
        raise Refused.forbidden("您的角色不能登记参加组织生活。")
    if meeting is not None:
        if meeting.organization_id != inflow.branch_id:
            raise Refused({"meeting": "只能选择所参加支部的组织生活。"})
        on = meeting.date
    if on is None:
        raise Refused({"date": "请填写日期或选择组织生活。"})
    if meeting is None and not note.strip():
        raise Refused({"note": "未选择组织生活时，请填写参加的活动。"})
    if on < inflow.start or on > timezone.localdate():
        raise Refused({"date": "日期应在流入日期之后、不晚于今天。"})
    if meeting is not None and InflowParticipation.objects.filter(inflow=inflow, meeting=meeting).exists():
        raise Refused({"meeting": "已登记参加该次组织生活。"})
    row = InflowParticipation(inflow=inflow, meeting=meeting, date=on, note=note.strip()[:200],
                              created_by=user if getattr(user, "is_authenticated", False) else None)
    row.full_clean()
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the same meeting registered a moment earlier (a double click)
        raise Refused.conflict("已登记参加该次组织生活，请勿重复登记。") from None
    credit(row, user)
    return row
