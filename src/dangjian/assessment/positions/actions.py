"""Room bookings: the one place that decides whether a room may be taken for a time, and who may free it.

Pages, the API and any importer call `book_room` / `cancel_booking`; every refusal is a `Refused`
with a Chinese message (keyed by field where one is to blame), so forms show it on the field,
`run_action` shows it as a message and the API answers with its status — and nothing is written.

Simultaneous requests: the room row is locked (`select_for_update`) before the overlap check, so
on PostgreSQL the second transaction waits for the first to commit and then sees its booking; on
SQLite the IMMEDIATE transaction mode already lets one writer in at a time. Either way, of many
clicks for one slot exactly one books it. A cancellation is a `transition`: of two simultaneous
cancels one frees the slot, the other is told it was already cancelled.

A double click (same user, same room, same start and end) returns the booking the first click
made instead of refusing: the person did get what they asked for, and the page should say so.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from dangjian.core.scope import grants
from dangjian.core.views import can_create
from dangjian.core.workflow import Refused, credit, transition
from dangjian.orgs.models import Organization

from .models import Room, RoomBooking

MAX_LENGTH = timedelta(hours=12)


def _when(start, end) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    tail = f"{end:%H:%M}" if start.date() == end.date() else f"{end:%m月%d日 %H:%M}"
    return f"{start:%m月%d日 %H:%M}–{tail}"


def bookable_organizations(user):
    """Organizations in whose name the user may book (the subtrees of their booking roles)."""
    return Organization.objects.placeable_for(user, RoomBooking)


def default_organization(user):
    """The user's own organization (their current role's), if they may book in its name."""
    allowed = bookable_organizations(user)
    for grant in grants(user):
        org = allowed.filter(pk=grant.org_id).first()
        if org is not None:
            return org
    return allowed.first()


def may_book(user) -> bool:
    """Secretaries, grid workers and the committee book rooms; read-only roles and residents do not."""
    return can_create(user, RoomBooking)


def _check_request(user, room, organization, starts_at, ends_at, purpose, now) -> None:
    """Everything that can be refused without looking at other bookings; collects all at once."""
    if not may_book(user):
        raise Refused.forbidden("您的角色不能预约功能室。")
    errors = {}
    if not purpose:
        errors["purpose"] = "请填写用途。"
    if starts_at is None or ends_at is None:
        errors["starts_at"] = "请填写开始和结束时间。"
    elif ends_at <= starts_at:
        errors["ends_at"] = "结束时间须晚于开始时间。"
    elif starts_at <= now:
        errors["starts_at"] = "开始时间已过，请选择以后的时间。"
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = "单次预约不能超过12小时，如需连续使用请分次预约。"
    if room is None or not Room.objects.bookable_for(user).filter(pk=room.pk).exists():
        errors["room"] = "该功能室不存在或不在您的管理范围内。"
    if organization is None or not bookable_organizations(user).filter(pk=organization.pk).exists():
        errors["organization"] = "您不能以该组织的名义预约，请选择本组织或下级组织。"
    if errors:
        raise Refused(errors)


def book_room(user, room, organization, starts_at, ends_at, purpose) -> RoomBooking:
    """Book `room` for `organization`, or raise `Refused` saying why not (writes nothing)."""
    purpose = (purpose or "").strip()[:200]
    _check_request(user, room, organization, starts_at, ends_at, purpose, timezone.now())
    with transaction.atomic():
        locked = Room.objects.select_for_update().get(pk=room.pk)
        if not locked.bookable:
            raise Refused({"room": f"“{locked.name}”暂不开放预约，请选择其他功能室。"})
        clash = (
            RoomBooking.objects.filter(room=locked, cancelled_at__isnull=True, starts_at__lt=ends_at,
                                       ends_at__gt=starts_at)
            .select_related("organization")
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            if clash.booked_by_id == user.pk and (clash.starts_at, clash.ends_at) == (starts_at, ends_at):
                return clash  # the same request again (a double click): it already succeeded
            raise Refused({"starts_at": f"该功能室在 {_when(clash.starts_at, clash.ends_at)} 已被"
                                        f"{clash.organization.name}预约，请选择其他时间。"})
        booking = RoomBooking.objects.create(room=locked, organization=organization, purpose=purpose,
                                             starts_at=starts_at, ends_at=ends_at, booked_by=user)
        credit(booking, user)
    return booking


def _cancel_refusal(user, booking, manages: bool | None) -> Refused | None:
    if booking.booked_by_id != user.pk:
        if manages is None:
            manages = RoomBooking.objects.editable_by(user).filter(pk=booking.pk).exists()
        if not manages:
            return Refused.forbidden("只有预约人或功能室管理者可以取消预约。")
    if booking.cancelled_at is not None:
        return Refused.conflict("该预约已取消，无需重复操作。")
    if booking.ends_at <= timezone.now():
        return Refused("该预约已结束，不能取消。")
    return None


def may_cancel_booking(user, booking, *, manages: bool | None = None) -> bool:
    """The booker or the room's managers (or those it was booked for), while it stands and has not ended.

    `manages`: whether the booking is in the user's `editable_by`, when the caller already knows it
    (a list page asks once for all its rows).
    """
    return _cancel_refusal(user, booking, manages) is None


def cancel_booking(user, booking) -> RoomBooking:
    """Free the slot; the history names who cancelled, and of two simultaneous cancels one wins."""
    fresh = RoomBooking.objects.filter(pk=booking.pk).first()
    if fresh is None:
        raise Refused.absent()
    refusal = _cancel_refusal(user, fresh, None)
    if refusal is not None:
        raise refusal
    now = timezone.now()
    return transition(fresh, when={"cancelled_at__isnull": True, "ends_at__gt": now}, to={"cancelled_at": now},
                      actor=user, refusal="该预约已取消或已结束，请刷新页面。", step="取消预约")
