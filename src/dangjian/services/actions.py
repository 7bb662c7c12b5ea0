"""Writes that matter in services: the wish workflow, sign-ups and hours, bookings, slots and activities.

Each step has one predicate `may_<step>(user, obj)`: the pages offer a button only where it holds,
and the step refuses (403) whoever it turns away. Every state change goes through
`core.workflow.transition`, so a wish's history reads 提交 → 审核发布 → 认领 → 登记实现 → 确认实现,
each naming who did it. The public actions (claim, sign up, book) stay safe under simultaneous
requests on SQLite and PostgreSQL: the transition's conditional UPDATE, the seat counter's
conditional UPDATE or a unique constraint decides, and the others are told someone was first (409).

Who acts on a community's public board is read from the models' `InCommunity(..., writes=True)`
declarations (`reachable_with(user, SELF_ROLES)`), the same declarations the board is listed from.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from dangjian.core import tree
from dangjian.core.forms import store_evidence
from dangjian.core.notify import notify
from dangjian.core.roles import SELF_ROLES
from dangjian.core.scope import grants, holds
from dangjian.core.workflow import Refused, transition

from .choices import ACTIVE_BOOKING, BookingStatus, WishStatus, star_level
from .models import Activity, Booking, MicroWish, ServiceSlot, Signup

WISH_MOVED = "该心愿当前状态为“{state}”，不能进行此操作。"
WISH_TAKEN = "手慢了，这个心愿已被认领或暂不可认领，请看看其他心愿。"
BOOKING_MOVED = "该预约当前状态为“{state}”，不能进行此操作。"


# --- who acts where -------------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused.forbidden(message)


def on_board(user, rows):
    """The rows (a queryset) on the public board of the user's own community, where residents, volunteers
    and members act for themselves: the model's writing `InCommunity` declaration, for their self roles."""
    return rows.filter(pk__in=rows.model.objects.reachable_with(user, SELF_ROLES).values("pk"))


def _on_board(user, obj) -> bool:
    return on_board(user, type(obj).objects.filter(pk=obj.pk)).exists()


def _manages(user, obj, organization) -> bool:
    """The user holds one of the model's edit roles at `organization` or above (its `editable_by`, from the
    grants already loaded: list pages ask it once per row)."""
    return holds(user, organization, type(obj).edit_roles)


def home_community(user):
    """The community a resident, volunteer or member acts in (the community their grant lies in): where
    the wishes they make are placed, and whose name heads their board. None for staff-only users."""
    from dangjian.orgs.models import Organization

    paths = {tree.at_depth(g.path, tree.COMMUNITY_DEPTH) for g in grants(user) if g.role in SELF_ROLES} - {""}
    return Organization.objects.filter(path__in=paths).order_by("path").first() if paths else None


def person_of(user):
    person = getattr(user, "person", None)
    if person is None:
        raise Refused.absent("您的账号没有关联人员信息，请联系社区。")
    return person


# --- micro-wishes ---------------------------------------------------------------------------------


def may_submit_wish(user, organization, resident) -> bool:
    """Staff enter a wish for a resident where they manage; residents, volunteers and members make their own,
    in their own community."""
    if organization is None or resident is None:
        return False
    if holds(user, organization, MicroWish.edit_roles):
        return True
    community = home_community(user)
    return resident.user_id == user.pk and community is not None and community.pk == organization.pk


def submit_wish(user, organization, resident, content, category, budget=None) -> MicroWish:
    _require(may_submit_wish(user, organization, resident), "只能为本人在本社区许愿，或由社区工作人员代为登记。")
    if not content.strip():
        raise Refused({"content": "请写下心愿内容。"})
    wish = MicroWish(organization=organization, resident=resident, content=content.strip(), category=category,
                     budget=budget, submitted_by=user)
    wish.full_clean()
    wish.save()
    return wish


def may_review(user, wish) -> bool:
    """Publishing or sending back a submitted wish is for the staff of its community (or above)."""
    return wish.status == WishStatus.SUBMITTED and _manages(user, wish, wish.organization)


def review_wish(user, wish, publish: bool, reason: str = "") -> MicroWish:
    _require(_manages(user, wish, wish.organization), "只有心愿所在社区可以审核。")
    if publish:
        to, step, reason = {"status": WishStatus.PUBLISHED}, "审核发布", ""
    else:
        reason = reason.strip()[:200] or "不符合条件"
        to, step = {"status": WishStatus.REJECTED, "reject_reason": reason}, "退回"
    return transition(wish, when={"status": WishStatus.SUBMITTED}, to=to, actor=user, refusal=WISH_MOVED,
                      step=step, reason=reason)


def claimable(user, wishes):
    """The wishes among `wishes` (a queryset) the user may claim for themselves: published on their own
    community's board, and not their own wish. `may_claim` for a whole board at once."""
    return on_board(user, wishes.filter(status=WishStatus.PUBLISHED)).exclude(resident__user=user)


def may_claim(user, wish, partner=None) -> bool:
    """Residents, volunteers and members claim a published wish of their community's board (never their
    own); the staff of the wish's community record a claim made by a partner unit they can see."""
    if partner is not None:
        from dangjian.coop.models import PartnerUnit

        return (wish.status == WishStatus.PUBLISHED and _manages(user, wish, wish.organization)
                and PartnerUnit.objects.visible_to(user).filter(pk=partner.pk).exists())
    return claimable(user, MicroWish.objects.filter(pk=wish.pk)).exists()


def claim_wish(user, wish, partner=None) -> MicroWish:
    """One wish, one claimant: of simultaneous clicks, the transition's conditional UPDATE lets one through."""
    if partner is None and wish.resident.user_id == user.pk:
        raise Refused.forbidden("不能认领自己的心愿。")
    if not may_claim(user, wish, partner):
        # Turned away because someone claimed it a moment ago (409), or because the user may not (403)?
        wish.refresh_from_db(fields=["status"])
        if wish.status != WishStatus.PUBLISHED:
            raise Refused.conflict(WISH_TAKEN)
        raise Refused.forbidden("只有本社区的居民、志愿者和党员可以认领心愿。")
    wish = transition(wish, when={"status": WishStatus.PUBLISHED},
                      to={"status": WishStatus.CLAIMED, "claimed_by": user, "claimed_partner": partner,
                          "claimed_at": timezone.now()},
                      actor=user, refusal=WISH_TAKEN, step="认领")
    if wish.resident.user_id:
        notify(wish.resident.user, f"wish-claimed:{wish.pk}", "您的微心愿已被认领", wish.content, "/p/mine/", "wish")
    return wish


def may_fulfil(user, wish) -> bool:
    return wish.status == WishStatus.CLAIMED and wish.claimed_by_id == user.pk


def fulfil_wish(user, wish, uploads) -> MicroWish:
    """The claimant records the wish came true, with a photo stored here, inside the step: a refused
    step keeps no file."""
    _require(wish.claimed_by_id == user.pk, "只有认领人可以登记心愿实现。")
    if not uploads:
        raise Refused({"photo": "请上传心愿实现的照片。"})
    photo = store_evidence(list(uploads)[:1], wish.organization, user)[0]
    return transition(wish, when={"status": WishStatus.CLAIMED, "claimed_by": user},
                      to={"status": WishStatus.FULFILLED, "photo": photo, "fulfilled_at": timezone.now()},
                      actor=user, refusal=WISH_MOVED, step="登记实现")


def _speaks_for_resident(user, wish) -> bool:
    return wish.resident.user_id == user.pk or _manages(user, wish, wish.organization)


def may_confirm(user, wish) -> bool:
    """The resident confirms their wish came true (or the community does it for them)."""
    return wish.status == WishStatus.FULFILLED and _speaks_for_resident(user, wish)


def confirm_wish(user, wish) -> MicroWish:
    _require(_speaks_for_resident(user, wish), "只有许愿人或社区工作人员可以确认心愿实现。")
    return transition(wish, when={"status": WishStatus.FULFILLED},
                      to={"status": WishStatus.CONFIRMED, "confirmed_at": timezone.now()},
                      actor=user, refusal=WISH_MOVED, step="确认实现")


# --- activities -----------------------------------------------------------------------------------


def may_edit_activity(user, activity) -> bool:
    return _manages(user, activity, activity.organization)


def save_activity(user, activity, fields: dict) -> Activity:
    """Create an activity, or change one: the new capacity must still cover the seats taken, checked in
    the same UPDATE because a sign-up may take a seat meanwhile (seats are never written from a form)."""
    _require(may_edit_activity(user, activity), "您的角色不能在该组织下安排志愿活动。")
    if activity.pk is None:
        activity.created_by = user
        activity.full_clean()
        activity.save()
        return activity
    current = Activity.objects.select_related("organization").get(pk=activity.pk)
    _require(may_edit_activity(user, current), "您的角色不能修改此活动。")
    try:
        return transition(current, when={"seats_taken__lte": fields["capacity"]}, to=fields, actor=user,
                          refusal="名额不能少于已报名人数。", step="修改活动")
    except Refused as exc:
        raise Refused({"capacity": exc.messages}, status=exc.status) from exc


def signable(user, activities):
    """The activities among `activities` the user may sign up for now: `may_sign_up` for a board at once."""
    now = timezone.now()
    return on_board(user, activities.filter(signup_opens__lte=now, signup_closes__gte=now))


def may_sign_up(user, activity) -> bool:
    """Residents, volunteers and members of the activity's community, while its sign-up is open."""
    return signable(user, Activity.objects.filter(pk=activity.pk)).exists()


def sign_up(user, activity, now=None) -> Signup:
    """The seat is taken by a conditional UPDATE of the counter, so the last seat goes to one person."""
    _require(_on_board(user, activity), "只能报名本社区的志愿活动。")
    person = person_of(user)
    now = now or timezone.now()
    if not activity.signup_opens <= now <= activity.signup_closes:
        raise Refused("不在报名时间内。")
    with transaction.atomic():
        if Signup.objects.filter(activity=activity, person=person, cancelled_at__isnull=True).exists():
            raise Refused.conflict("您已报名，无需重复报名。")
        taken = Activity.objects.filter(pk=activity.pk, seats_taken__lt=F("capacity")).update(
            seats_taken=F("seats_taken") + 1)
        if not taken:
            raise Refused.conflict("名额已满。")
        try:
            with transaction.atomic():
                return Signup.objects.create(activity=activity, person=person)  # its history: the creation
        except IntegrityError as exc:
            raise Refused.conflict("您已报名，无需重复报名。") from exc


def may_cancel(user, signup) -> bool:
    """One's own sign-up, until checked in."""
    return signup.person.user_id == user.pk and signup.cancelled_at is None and signup.checked_in_at is None


def cancel_signup(user, signup) -> Signup:
    _require(signup.person.user_id == user.pk, "只能取消自己的报名。")
    with transaction.atomic():
        signup = transition(signup, when={"cancelled_at__isnull": True, "checked_in_at__isnull": True},
                            to={"cancelled_at": timezone.now()}, actor=user,
                            refusal="已签到或已取消的报名不能取消。", step="取消报名")
        Activity.objects.filter(pk=signup.activity_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    return signup


def own_signup(user, activity):
    return Signup.objects.filter(activity=activity, person__user=user, cancelled_at__isnull=True).first()


def may_check(user, activity) -> bool:
    """The scan page offers its button to whoever signed up and has not yet signed out."""
    signup = own_signup(user, activity)
    return signup is not None and signup.checked_out_at is None


def check(user, activity, now=None) -> tuple[Signup, str]:
    """Scan at the place: the first scan checks in, the next checks out; hours follow from the two."""
    now = now or timezone.now()
    signup = own_signup(user, activity)
    if signup is None:
        raise Refused.forbidden("签到码无效，或您没有报名这个活动。")
    opens, closes = activity.check_window()
    if not opens <= now <= closes:
        raise Refused("不在签到时间内（活动开始前1小时至结束后1小时）。")
    if signup.checked_out_at is not None:
        raise Refused.conflict("您已签到并签退。")
    if signup.checked_in_at is None:
        try:
            transition(signup, when={"checked_in_at__isnull": True}, to={"checked_in_at": now}, actor=user,
                       refusal="已签到。", step="签到")
            return signup, "签到成功。离开时请再次扫码签退。"
        except Refused:  # a second scan of the same moment already signed in: this one signs out
            signup.refresh_from_db()
    hours = _hours(signup.checked_in_at, now, activity)
    transition(signup, when={"checked_out_at__isnull": True, "checked_in_at__isnull": False},
               to={"checked_out_at": now, "hours": hours}, actor=user, refusal="您已签到并签退。", step="签退")
    return signup, f"签退成功，本次服务 {hours} 小时，组织者确认后计入时长。"


def _hours(start, end, activity=None) -> Decimal:
    """Whole and half hours within the activity's own time, rounded down: 1 h 50 min counts 1.5 h."""
    if activity is not None:
        start, end = max(start, activity.starts_at), min(end, activity.ends_at)
    minutes = max(0, int((end - start).total_seconds() // 60))
    return Decimal(minutes // 30) / 2


def may_confirm_hours(user, signup) -> bool:
    """The organizer confirms hours once the volunteer has signed out; only then do they count."""
    return (signup.checked_out_at is not None and not signup.confirmed
            and _manages(user, signup, signup.activity.organization))


@transaction.atomic
def confirm_hours(user, signup) -> Signup:
    """Confirmed hours count (and a party member earns points for them)."""
    from dangjian.members.actions import award_points
    from dangjian.members.models import PartyMember

    _require(_manages(user, signup, signup.activity.organization), "只有活动组织方可以确认服务时长。")
    if signup.checked_out_at is None:
        raise Refused("尚未签退，不能确认时长。")
    signup = transition(signup, when={"confirmed": False, "checked_out_at__isnull": False},
                        to={"confirmed": True, "confirmed_by": user}, actor=user, refusal="已确认过。",
                        step="确认时长")
    member = PartyMember.objects.filter(person=signup.person).first()
    if member is not None and signup.hours > 0:
        award_points(member, "volunteer_service", signup.activity.starts_at.date(), f"activity:{signup.pk}",
                     reason=f"志愿服务：{signup.activity.title}（{signup.hours}小时）",
                     url=signup.activity.get_absolute_url(), user=user)
    return signup


def volunteer_hours(person) -> Decimal:
    """Confirmed hours of activities, and the hours of the services logged at a station (logged by the station's
    staff, who saw them given)."""
    from .models import StationService

    activities = Signup.objects.filter(person=person, confirmed=True).aggregate(h=Sum("hours"))["h"] or Decimal(0)
    stations = StationService.objects.filter(volunteer__person=person).aggregate(h=Sum("hours"))["h"] or Decimal(0)
    return activities + stations


def volunteer_star(person) -> str:
    return star_level(volunteer_hours(person))


# --- the service menu and bookings ----------------------------------------------------------------


def may_add_slots(user, item) -> bool:
    return _manages(user, item, item.organization)


def add_slots(user, item, starts_at, ends_at, weeks: int) -> list[ServiceSlot]:
    """The same hour on `weeks` consecutive weeks."""
    from datetime import timedelta

    _require(may_add_slots(user, item), "只有服务项目所在社区可以添加时段。")
    if ends_at <= starts_at:
        raise Refused({"ends_at": "结束时间应晚于开始时间。"})
    return ServiceSlot.objects.bulk_create(
        ServiceSlot(item=item, starts_at=starts_at + timedelta(weeks=w), ends_at=ends_at + timedelta(weeks=w))
        for w in range(weeks))


def may_book(user, item) -> bool:
    """Residents, volunteers and members book the slots of their own community's service menu."""
    return _on_board(user, item)


def book(user, item, slot, note="", size=None, members="") -> Booking:
    """A slot is never booked twice: the partial unique constraint refuses the second active booking. A group
    (组团式) books `size` seats of the slot by a conditional UPDATE against the item's capacity, its members
    named one a line; the same resident books a slot once (a double click is told so)."""
    _require(may_book(user, item), "只能预约本社区的服务项目。")
    if slot is None or slot.item_id != item.pk:
        raise Refused({"slot": "请选择本服务项目的时段。"})
    person = person_of(user)
    if slot.starts_at <= timezone.now():
        raise Refused("该时段已过，请选择其他时段。")
    if item.is_group:
        return _book_group(item, slot, person, note, size, members)
    try:
        with transaction.atomic():
            return Booking.objects.create(slot=slot, resident=person, note=note[:200])  # its history: the creation
    except IntegrityError as exc:
        raise Refused.conflict("该时段已被预约，请选择其他时段。") from exc


def group_members(size, members: str) -> tuple[int, list[str]]:
    """The group's size and its members' names (one a line, or separated by 、，,), checked against each other."""
    import re

    try:
        size = int(size)
    except (TypeError, ValueError):
        raise Refused({"group_size": "请填写团队人数。"}) from None
    if size < 1:
        raise Refused({"group_size": "团队人数至少 1 人。"})
    names = [n.strip() for n in re.split(r"[\n\r、，,；;]+", members or "") if n.strip()]
    if len(names) != size:
        raise Refused({"members": f"成员名单应列出全部 {size} 人的姓名（现有 {len(names)} 人），每行一人。"})
    if any(len(n) > 50 for n in names):
        raise Refused({"members": "姓名不超过 50 个字。"})
    return size, names


def _book_group(item, slot, person, note, size, members) -> Booking:
    size, names = group_members(size, members)
    capacity = item.group_capacity or 0
    if size > capacity:
        raise Refused({"group_size": f"每个时段最多接待 {capacity} 人。"})
    try:
        with transaction.atomic():
            if Booking.objects.filter(slot=slot, resident=person, group_size__isnull=False,
                                      status__in=list(ACTIVE_BOOKING)).exists():
                raise Refused.conflict("您已预约该时段，无需重复预约。")
            taken = ServiceSlot.objects.filter(pk=slot.pk, seats_taken__lte=capacity - size).update(
                seats_taken=F("seats_taken") + size)
            if not taken:
                slot.refresh_from_db(fields=["seats_taken"])
                left = max(0, capacity - slot.seats_taken)
                raise Refused.conflict(f"该时段余下名额 {left} 人，不够 {size} 人的团队。")
            return Booking.objects.create(slot=slot, resident=person, note=note[:200], group_size=size,
                                          members="\n".join(names))
    except IntegrityError as exc:  # the other click of a double click: its seats went back with its rollback
        raise Refused.conflict("您已预约该时段，无需重复预约。") from exc


# Staff steps of a booking: the state it leads to, the states it starts from, and its name in the history.
BOOKING_STEPS = {
    "confirm": (BookingStatus.CONFIRMED, (BookingStatus.BOOKED,), "确认预约"),
    "serve": (BookingStatus.SERVED, (BookingStatus.CONFIRMED,), "完成服务"),
    "cancel": (BookingStatus.CANCELLED, (BookingStatus.BOOKED, BookingStatus.CONFIRMED), "取消预约"),
}


def _serves(user, booking) -> bool:
    return _manages(user, booking, booking.slot.item.organization)


def may_move_booking(user, booking, step: str) -> bool:
    return booking.status in BOOKING_STEPS[step][1] and _serves(user, booking)


def move_booking(user, booking, step: str) -> Booking:
    if step not in BOOKING_STEPS:
        raise Refused.absent("没有这项操作。")
    _require(_serves(user, booking), "只有服务项目所在社区可以处理预约。")
    new, expected, label = BOOKING_STEPS[step]
    with transaction.atomic():
        booking = transition(booking, when={"status__in": list(expected)}, to={"status": new}, actor=user,
                             refusal=BOOKING_MOVED, step=label)
        if new == BookingStatus.CANCELLED and booking.group_size:  # the group's seats go back to the slot
            ServiceSlot.objects.filter(pk=booking.slot_id, seats_taken__gte=booking.group_size).update(
                seats_taken=F("seats_taken") - booking.group_size)
    return booking


def may_rate(user, booking) -> bool:
    """The resident rates their own booking once it is served, once."""
    return booking.resident.user_id == user.pk and booking.status == BookingStatus.SERVED and booking.rating is None


def rate_booking(user, booking, stars: int) -> Booking:
    _require(booking.resident.user_id == user.pk, "只能评价自己的预约。")
    if not 1 <= stars <= 5:
        raise Refused({"rating": "评价为 1 到 5 星。"})
    return transition(booking, when={"status": BookingStatus.SERVED, "rating__isnull": True},
                      to={"rating": stars}, actor=user, refusal="服务完成后才能评价，且只能评价一次。", step="评价")
