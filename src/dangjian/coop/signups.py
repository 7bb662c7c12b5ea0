"""In-service members on co-building activities: sign up on the phone, check in with the activity's QR code.

Who may: an active in-service party member acting as a member, reported (报到) to the activity's community —
which is also what opens the activity to them (JointActivity.reach), so an activity of another community or
street answers 404 before any rule here is asked. A check-in puts the member on the activity's `members`:
the participation figures (coop.metrics, coop.participation) count exactly that list, as they count the
names an organizer enters by hand. A second scan finds the row checked in and writes nothing.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.scope import has_role
from dangjian.core.workflow import Refused, transition
from dangjian.members.choices import ACTIVE_STATUSES
from dangjian.members.models import PartyMember

from .models import ActivitySignup, JointActivity, SignupStatus

TAKEN = (SignupStatus.SIGNED_UP, SignupStatus.CHECKED_IN)


def member_of(user) -> PartyMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PartyMember.objects.filter(person__user=user).select_related("person", "registered_community").first()


def _why_not_member(user, member, activity) -> Refused | None:
    if member is None or not has_role(user, Role.MEMBER):
        return Refused.forbidden("联创共建活动面向到社区报到的在职党员，您的账号不是党员账号。")
    if not member.in_service or member.status not in ACTIVE_STATUSES:
        return Refused.forbidden("联创共建活动面向到社区报到的在职党员。")
    if member.registered_community_id != activity.organization_id:
        return Refused.forbidden("请先向该社区报到，再报名或签到它的共建活动。")
    return None


def own_signup(member, activity) -> ActivitySignup | None:
    if member is None:
        return None
    return ActivitySignup.objects.filter(activity=activity, member=member).first()


_LOOK = object()  # "the member's sign-up: look it up" (a list passes the rows it loaded at once)


def why_not_sign_up(user, member, activity, now=None, signup=_LOOK) -> Refused | None:
    refusal = _why_not_member(user, member, activity)
    if refusal is not None:
        return refusal
    now = now or timezone.now()
    if now >= activity.starts_at:
        return Refused("活动已开始或已结束，不能再报名。")
    signup = own_signup(member, activity) if signup is _LOOK else signup
    if signup is not None and signup.status in TAKEN:
        return Refused.conflict("您已报名该活动，无需重复报名。")
    taken = getattr(activity, "taken", None)  # a list annotates it; the step counts under a lock
    if taken is not None and activity.capacity is not None and taken >= activity.capacity:
        return Refused.conflict("名额已满，请关注社区的其他共建活动。")
    return None


def may_sign_up(user, member, activity, now=None, signup=_LOOK) -> bool:
    return why_not_sign_up(user, member, activity, now, signup) is None


def sign_up(user, activity, now=None) -> ActivitySignup:
    """Take a place: the activity row is locked while its places are counted, so the last place goes to one."""
    now = now or timezone.now()
    member = member_of(user)
    refusal = why_not_sign_up(user, member, activity, now)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        locked = JointActivity.objects.select_for_update().get(pk=activity.pk)
        if locked.capacity is not None:
            taken = ActivitySignup.objects.filter(activity=locked, status__in=TAKEN).count()
            if taken >= locked.capacity:
                raise Refused.conflict("名额已满，请关注社区的其他共建活动。")
        signup = own_signup(member, activity)
        if signup is not None:  # cancelled before: signing up again takes a place again
            return transition(signup, when={"status": SignupStatus.CANCELLED},
                              to={"status": SignupStatus.SIGNED_UP, "signed_up_at": now}, actor=user,
                              step="报名", refusal="您已报名该活动，无需重复报名。")
        try:
            with transaction.atomic():
                return ActivitySignup.objects.create(activity=activity, member=member, signed_up_at=now)
        except IntegrityError:  # a simultaneous tap made the row
            raise Refused.conflict("您已报名该活动，无需重复报名。") from None


def may_cancel(user, signup, now=None) -> bool:
    """One's own sign-up, before the activity starts and before checking in."""
    now = now or timezone.now()
    return (signup.member.person.user_id == user.pk and signup.status == SignupStatus.SIGNED_UP
            and now < signup.activity.starts_at)


def cancel(user, signup, now=None) -> ActivitySignup:
    if signup.member.person.user_id != user.pk:
        raise Refused.absent()
    now = now or timezone.now()
    if now >= signup.activity.starts_at:
        raise Refused("活动已开始，不能取消报名。")
    return transition(signup, when={"status": SignupStatus.SIGNED_UP}, to={"status": SignupStatus.CANCELLED},
                      actor=user, step="取消报名", refusal="该报名当前为“{state}”，不能取消。")


def why_not_check_in(user, member, activity, now=None) -> Refused | None:
    """The one rule of a scan (the page shows its button only when this passes)."""
    refusal = _why_not_member(user, member, activity)
    if refusal is not None:
        return refusal
    now = now or timezone.now()
    opens, closes = activity.checkin_window()
    if now < opens:
        return Refused.forbidden(f"签到尚未开始，请于 {timezone.localtime(opens):%m月%d日 %H:%M} 后扫码。")
    if now > closes:
        return Refused.forbidden(f"签到已于 {timezone.localtime(closes):%m月%d日 %H:%M} 结束，如需补记请联系社区。")
    return None


def check_in(user, activity, now=None) -> tuple[ActivitySignup, bool]:
    """Mark the member present (signed up or walking in). Returns (row, newly checked in); a repeat scan
    changes nothing."""
    now = now or timezone.now()
    member = member_of(user)
    refusal = why_not_check_in(user, member, activity, now)
    if refusal is not None:
        raise refusal
    with transaction.atomic():
        signup = own_signup(member, activity)
        if signup is None:  # came without signing up: welcome all the same
            try:
                with transaction.atomic():
                    signup = ActivitySignup.objects.create(activity=activity, member=member)
            except IntegrityError:
                signup = own_signup(member, activity)
        if signup.status == SignupStatus.CHECKED_IN:
            return signup, False
        try:
            signup = transition(signup, when={"status__in": [SignupStatus.SIGNED_UP, SignupStatus.CANCELLED]},
                                to={"status": SignupStatus.CHECKED_IN, "checked_in_at": now, "via_qr": True},
                                actor=user, step="扫码签到", refusal="您已签到，无需重复扫码。")
        except Refused as exc:
            if exc.status != 409:
                raise
            return own_signup(member, activity), False  # of two simultaneous scans, the other one marked it
        activity.members.add(member)  # what the participation figures count
        return signup, True
