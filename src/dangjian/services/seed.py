"""Demo services: seven named teams, volunteers with confirmed hours, activities, wishes in every state,
a service menu with slots and bookings, the alliance, talents, the named brands and pending applications."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.seeding import DEMO_PASSWORD, SECRETS, seeder
from dangjian.members.models import PartyMember, PointEntry, PointRule
from dangjian.people.models import Person

from .choices import BookingStatus, ServiceMode, WishCategory, WishStatus
from .models import (
    Activity,
    AllianceMember,
    Booking,
    BrandProject,
    MicroWish,
    Registration,
    ServiceItem,
    ServiceSlot,
    Signup,
    Talent,
    Volunteer,
    VolunteerTeam,
)

TEAMS = [
    ("拥军队", "拥军拥属"),
    ("救助队", "应急救助知识课堂"),
    ("“邻里一家人”调解队", "矛盾调解"),
    ("先锋圆梦队", "微心愿"),
    ("红色萤火虫队", "关爱留守儿童"),
    ("青春韵律队", "文化体育"),
    ("社区达人队", "专业技能"),
]
BRANDS = [("俏夕阳", "老年人"), ("小太阳", "儿童"), ("半边天", "妇女"), ("“四心”帮扶", "困难群众")]
WISHES = [
    ("一个新书包", WishCategory.STUDY),
    ("帮忙修理漏水的水龙头", WishCategory.REPAIR),
    ("一副老花镜", WishCategory.HEALTH),
    ("周末有人陪老人聊聊天", WishCategory.COMPANION),
    ("一袋米和一桶油", WishCategory.DAILY),
]


def _aware(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@seeder(70)
def seed_services(ctx):
    today = timezone.localdate()
    user_model = get_user_model()
    volunteer_user = user_model.objects.filter(username="volunteer").first()
    rule = PointRule.objects.get(code="volunteer_service")
    points = []
    enrolled = set()  # one Volunteer per person, whatever lists they turn up in
    for index, community in enumerate(ctx.data["communities"]):
        _community(ctx, index, community, today, volunteer_user, rule, points, enrolled)
    # One application waiting in each of the first two communities (the demo secretaries' inboxes).
    password = make_password(DEMO_PASSWORD) if ctx.first else ""
    for index, community in enumerate(ctx.data["communities"][:2] if ctx.first else []):
        Registration.objects.create(community=community, name=("王小明", "李红")[index], phone=f"1390000{index:04d}",
                                    wants=Registration.Wants.RESIDENT, username=f"apply{index + 1}",
                                    password=password, address="幸福路1号")
    PointEntry.objects.bulk_create(points, batch_size=1000, ignore_conflicts=True)
    ctx.out(f"志愿者：{Volunteer.objects.count()} 人，志愿活动：{Activity.objects.count()} 次")


def _community(ctx, index, community, today, volunteer_user, rule, points, enrolled):
    """One community's teams, volunteers, activities, wishes and menu: drawn in the order they always were,
    written a table at a time."""
    rng = ctx.rng
    home = next((b for b in ctx.data["volunteer_branches"] if b.path.startswith(community.path)), community)
    teams = VolunteerTeam.objects.bulk_create(VolunteerTeam(organization=home, name=name, focus=focus)
                                              for name, focus in (TEAMS if index == 0 else TEAMS[:2]))
    people = list(Person.objects.filter(organization__in=seeding.orgs_under(ctx, community.path))
                  .defer(*SECRETS).order_by("id")[:60])
    if index == 0 and ctx.first and volunteer_user and hasattr(volunteer_user, "person"):
        people = [volunteer_user.person] + [p for p in people if p.pk != volunteer_user.person.pk]
    volunteers, their_teams = [], []
    for p in people[:40]:
        if p.pk in enrolled:
            continue
        enrolled.add(p.pk)
        volunteers.append(Volunteer(person=p, organization=community,
                                    skills=rng.choice(["维修", "理发", "义诊", "文艺", "法律咨询", ""]),
                                    joined_on=today - timedelta(days=rng.randint(30, 900))))
        their_teams.append(rng.sample(teams, 1))
    Volunteer.objects.bulk_create(volunteers)
    Volunteer.teams.through.objects.bulk_create(
        Volunteer.teams.through(volunteer=v, volunteerteam=t) for v, ts in zip(volunteers, their_teams, strict=True)
        for t in ts)
    brands = BrandProject.objects.bulk_create(
        BrandProject(organization=community, name=n, target_group=g, standing_items="每周固定服务")
        for n, g in BRANDS[: 4 if index < 2 else 1])
    # Past activities with check-in/out; most records confirmed by the organizer.
    activities, signups = [], []
    for week in range(1, 26, 2):
        day = today - timedelta(days=7 * week)
        act = Activity(
            organization=community,
            team=rng.choice(teams),
            brand=rng.choice(brands),
            title=rng.choice(["敬老院慰问", "小区环境整治", "便民理发", "义务维修", "四点半课堂"]),
            place="党群服务中心",
            starts_at=_aware(day, 9),
            ends_at=_aware(day, 11),
            capacity=20,
            signup_opens=_aware(day - timedelta(days=7), 8),
            signup_closes=_aware(day - timedelta(days=1), 20),
        )
        chosen = rng.sample(volunteers, min(len(volunteers), rng.randint(5, 15)))
        for v in chosen:
            hours = Decimal(rng.choice([1.5, 2, 2, 2.5]))
            confirmed = rng.random() < 0.85
            signups.append(Signup(activity=act, person=v.person, checked_in_at=act.starts_at,
                                  checked_out_at=act.starts_at + timedelta(minutes=int(hours * 60)), hours=hours,
                                  confirmed=confirmed))
        act.seats_taken = len(chosen)
        activities.append(act)
    Activity.objects.bulk_create(activities)
    Signup.objects.bulk_create(signups)
    members = {m.person_id: m for m in PartyMember.objects.filter(person__in=[v.person for v in volunteers])}
    for s in Signup.objects.filter(activity__organization=community, confirmed=True).select_related("activity"):
        if s.person_id in members:
            points.append(
                PointEntry(
                    member=members[s.person_id],
                    rule=rule,
                    date=s.activity.starts_at.date(),
                    points=rule.points,
                    reason=f"志愿服务：{s.activity.title}",
                    source_key=f"activity:{s.pk}",
                )
            )
    upcoming = []
    for k in range(2):  # upcoming, open for sign-up
        day = today + timedelta(days=3 + 7 * k)
        upcoming.append(Activity(
            organization=community,
            team=teams[0],
            title="重阳节敬老志愿服务",
            place="敬老院",
            starts_at=_aware(day, 9),
            ends_at=_aware(day, 11),
            capacity=30,
            signup_opens=timezone.now() - timedelta(days=1),
            signup_closes=_aware(day - timedelta(days=1), 20),
        ))
    Activity.objects.bulk_create(upcoming)
    residents = people[40:] or people
    done = (WishStatus.FULFILLED, WishStatus.CONFIRMED)
    wishes = []
    for status in (
        WishStatus.SUBMITTED,
        WishStatus.PUBLISHED,
        WishStatus.PUBLISHED,
        WishStatus.CLAIMED,
        WishStatus.FULFILLED,
        WishStatus.CONFIRMED,
    ):
        content, category = rng.choice(WISHES)
        claimed = status in (WishStatus.CLAIMED, WishStatus.FULFILLED, WishStatus.CONFIRMED)
        wishes.append(MicroWish(
            organization=community,
            resident=rng.choice(residents),
            content=content,
            category=category,
            status=status,
            claimed_by=volunteer_user if claimed else None,
            claimed_at=timezone.now() - timedelta(days=5) if claimed else None,
            fulfilled_at=timezone.now() - timedelta(days=2) if status in done else None,
            confirmed_at=timezone.now() - timedelta(days=1) if status == WishStatus.CONFIRMED else None,
        ))
    MicroWish.objects.bulk_create(wishes)
    alliance = AllianceMember.objects.bulk_create(
        AllianceMember(organization=community, name=n, is_merchant=m, services=s, terms=t)
        for n, m, s, t in (
            ("便民维修部", True, "水电维修", "上门免费，材料成本价"),
            ("红星理发店", True, "老人理发", "免费"),
            ("张师傅", False, "家电维修", "免费"),
        )
    )
    talent = Talent.objects.create(
        organization=community,
        person=people[1],
        can_lecture=True,
        expertise="退休教师，讲党史",
        availability="周三下午",
    )
    items = ServiceItem.objects.bulk_create([
        ServiceItem(organization=community, title="上门维修水电", mode=ServiceMode.APPOINTMENT,
                    alliance_member=alliance[0], free=True),
        ServiceItem(organization=community, title="老人理发", mode=ServiceMode.MENU, alliance_member=alliance[1],
                    free=True),
        ServiceItem(organization=community, title="党史微课堂", mode=ServiceMode.GROUP, talent=talent, free=True),
        ServiceItem(organization=community, title="家电清洗", mode=ServiceMode.APPOINTMENT, team=teams[-1],
                    free=False, price=Decimal(30)),
    ])
    slots, bookings = [], []
    for item in items:
        for d in range(1, 15, 2):
            day = today + timedelta(days=d)
            slot = ServiceSlot(item=item, starts_at=_aware(day, 9), ends_at=_aware(day, 10))
            slots.append(slot)
            if rng.random() < 0.3:
                bookings.append(Booking(slot=slot, resident=rng.choice(residents), status=BookingStatus.BOOKED))
    ServiceSlot.objects.bulk_create(slots)
    Booking.objects.bulk_create(bookings)
