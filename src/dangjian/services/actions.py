"""Writes that matter in services — every public action (claim, sign up, book) is safe under
simultaneous requests on SQLite and PostgreSQL: a conditional UPDATE or a unique constraint decides."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from dangjian.core.notify import notify
from dangjian.core.workflow import Refused

from .choices import BookingStatus, WishStatus, star_level
from .models import Activity, Booking, MicroWish, Signup

# --- micro-wishes ---------------------------------------------------------------------------------


def submit_wish(user, organization, resident, content, category, budget=None) -> MicroWish:
    if not content.strip():
        raise ValidationError({"content": "请写下心愿内容。"})
    wish = MicroWish(organization=organization, resident=resident, content=content.strip(), category=category,
                     budget=budget, submitted_by=user)
    wish.full_clean()
    wish.save()
    return wish


def _move(wish, expected, new, **fields) -> MicroWish:
    changed = MicroWish.objects.filter(pk=wish.pk, status=expected).update(status=new, **fields)
    if not changed:
        wish.refresh_from_db()
        raise Refused(f"该心愿当前状态为“{wish.get_status_display()}”，不能进行此操作。")
    wish.refresh_from_db()
    return wish


def review_wish(user, wish, publish: bool, reason: str = "") -> MicroWish:
    if publish:
        return _move(wish, WishStatus.SUBMITTED, WishStatus.PUBLISHED)
    return _move(wish, WishStatus.SUBMITTED, WishStatus.REJECTED, reject_reason=reason[:200] or "不符合条件")


def claim_wish(user, wish, partner=None) -> MicroWish:
    """One wish, one claimant: of simultaneous clicks, the conditional UPDATE lets exactly one through."""
    if user is not None and wish.resident.user_id == user.pk:
        raise Refused("不能认领自己的心愿。")
    changed = MicroWish.objects.filter(pk=wish.pk, status=WishStatus.PUBLISHED).update(
        status=WishStatus.CLAIMED, claimed_by=user, claimed_partner=partner, claimed_at=timezone.now())
    if not changed:
        raise Refused("手慢了，这个心愿已被认领或暂不可认领，请看看其他心愿。")
    wish.refresh_from_db()
    if wish.resident.user_id:
        notify(wish.resident.user, f"wish-claimed:{wish.pk}", "您的微心愿已被认领", wish.content, "/p/", "wish")
    return wish


def fulfil_wish(user, wish, photo) -> MicroWish:
    if wish.claimed_by_id != user.pk:
        raise PermissionDenied("只有认领人可以登记心愿实现。")
    if photo is None:
        raise ValidationError("请上传心愿实现的照片。")
    return _move(wish, WishStatus.CLAIMED, WishStatus.FULFILLED, photo=photo, fulfilled_at=timezone.now())


def confirm_wish(user, wish) -> MicroWish:
    """The resident (or a grid worker for them) confirms the wish came true."""
    return _move(wish, WishStatus.FULFILLED, WishStatus.CONFIRMED, confirmed_at=timezone.now())


# --- activities -----------------------------------------------------------------------------------


def sign_up(user, activity, person, now=None) -> Signup:
    now = now or timezone.now()
    if not activity.signup_opens <= now <= activity.signup_closes:
        raise Refused("不在报名时间内。")
    with transaction.atomic():
        if Signup.objects.filter(activity=activity, person=person, cancelled_at__isnull=True).exists():
            raise Refused("您已报名，无需重复报名。")
        taken = Activity.objects.filter(pk=activity.pk, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1)
        if not taken:
            raise Refused("名额已满。")
        try:
            with transaction.atomic():
                return Signup.objects.create(activity=activity, person=person)
        except IntegrityError as exc:
            raise Refused("您已报名，无需重复报名。") from exc


def cancel_signup(user, signup) -> None:
    with transaction.atomic():
        changed = Signup.objects.filter(pk=signup.pk, cancelled_at__isnull=True, checked_in_at__isnull=True).update(
            cancelled_at=timezone.now())
        if not changed:
            raise Refused("已签到或已取消的报名不能取消。")
        Activity.objects.filter(pk=signup.activity_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def check(user, token: str, now=None) -> tuple[Signup, str]:
    """Scan at the place: the first scan checks in, the next checks out; hours follow from the two."""
    now = now or timezone.now()
    activity = Activity.objects.filter(checkin_token=token).first()
    signup = (Signup.objects.filter(activity=activity, person__user=user, cancelled_at__isnull=True).first()
              if activity else None)
    if signup is None:
        raise Refused("签到码无效，或您没有报名这个活动。")
    opens, closes = activity.check_window()
    if not opens <= now <= closes:
        raise Refused("不在签到时间内（活动开始前1小时至结束后1小时）。")
    if signup.checked_in_at is None:
        if Signup.objects.filter(pk=signup.pk, checked_in_at__isnull=True).update(checked_in_at=now):
            return signup, "签到成功。离开时请再次扫码签退。"
        signup.refresh_from_db()
    if signup.checked_out_at is None:
        hours = _hours(signup.checked_in_at, now, activity)
        if Signup.objects.filter(pk=signup.pk, checked_out_at__isnull=True).update(checked_out_at=now, hours=hours):
            return signup, f"签退成功，本次服务 {hours} 小时，组织者确认后计入时长。"
    raise Refused("您已签到并签退。")


def _hours(start, end, activity=None) -> Decimal:
    """Whole and half hours within the activity's own time, rounded down: 1 h 50 min counts 1.5 h."""
    if activity is not None:
        start, end = max(start, activity.starts_at), min(end, activity.ends_at)
    minutes = max(0, int((end - start).total_seconds() // 60))
    return Decimal(minutes // 30) / 2


@transaction.atomic
def confirm_hours(user, signup) -> Signup:
    """The organizer confirms; only then do hours count (and a party member earns points)."""
    from dangjian.members.actions import award_points
    from dangjian.members.models import PartyMember

    if signup.checked_out_at is None:
        raise ValidationError("尚未签退，不能确认时长。")
    changed = Signup.objects.filter(pk=signup.pk, confirmed=False).update(confirmed=True, confirmed_by=user)
    if not changed:
        raise ValidationError("已确认过。")
    signup.refresh_from_db()
    member = PartyMember.objects.filter(person=signup.person).first()
    if member is not None and signup.hours > 0:
        award_points(member, "volunteer_service", signup.activity.starts_at.date(), f"activity:{signup.pk}",
                     reason=f"志愿服务：{signup.activity.title}（{signup.hours}小时）",
                     url=signup.activity.get_absolute_url(), user=user)
    return signup


def volunteer_hours(person) -> Decimal:
    return Signup.objects.filter(person=person, confirmed=True).aggregate(h=Sum("hours"))["h"] or Decimal(0)


def volunteer_star(person) -> str:
    return star_level(volunteer_hours(person))


# --- bookings -------------------------------------------------------------------------------------


def book(user, slot, resident, note="") -> Booking:
    """A slot is never booked twice: the partial unique constraint refuses the second active booking."""
    if slot.starts_at <= timezone.now():
        raise Refused("该时段已过，请选择其他时段。")
    try:
        with transaction.atomic():
            return Booking.objects.create(slot=slot, resident=resident, note=note[:200])
    except IntegrityError as exc:
        raise Refused("该时段已被预约，请选择其他时段。") from exc


def move_booking(user, booking, new_status) -> Booking:
    allowed = {BookingStatus.CONFIRMED: [BookingStatus.BOOKED], BookingStatus.SERVED: [BookingStatus.CONFIRMED],
               BookingStatus.CANCELLED: [BookingStatus.BOOKED, BookingStatus.CONFIRMED]}
    changed = Booking.objects.filter(pk=booking.pk, status__in=allowed[new_status]).update(status=new_status)
    if not changed:
        raise Refused("该预约当前状态不能进行此操作。")
    booking.refresh_from_db()
    return booking


def rate_booking(user, booking, stars: int) -> Booking:
    if booking.resident.user_id != user.pk:
        raise PermissionDenied("只能评价自己的预约。")
    if not 1 <= stars <= 5:
        raise ValidationError("评价为 1 到 5 星。")
    if not Booking.objects.filter(pk=booking.pk, status=BookingStatus.SERVED, rating__isnull=True).update(
            rating=stars):
        raise Refused("服务完成后才能评价，且只能评价一次。")
    booking.refresh_from_db()
    return booking

