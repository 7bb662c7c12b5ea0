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

from . import seed_names as names
from .choices import BookingStatus, BrandKind, ServiceMode, WishCategory, WishStatus
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
    _two_new_brands(ctx)
    ctx.out(f"志愿者：{Volunteer.objects.count()} 人，志愿活动：{Activity.objects.count()} 次")


def _community(ctx, index, community, today, volunteer_user, rule, points, enrolled):
    """One community's teams, volunteers, activities, wishes and menu: drawn in the order they always were,
    written a table at a time."""
    rng = ctx.rng
    pos = index % ctx.scale.communities_per_street  # its place in its street: the first two are demonstration sites
    home = next((b for b in ctx.data["volunteer_branches"] if b.path.startswith(community.path)), community)
    people = list(Person.objects.filter(organization__in=seeding.orgs_under(ctx, community.path))
                  .defer(*SECRETS).order_by("id")[:60])
    teams = VolunteerTeam.objects.bulk_create(_teams(community, home, pos, people))
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
    brands = _brands(community, pos)  # what each of the activities' draws of a brand takes (None: no brand)
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
    _festivals(community, home, pos, teams, volunteers, today)
    members = {m.person_id: m for m in PartyMember.objects.filter(person__in=[v.person for v in volunteers])}
    for s in Signup.objects.filter(activity__organization__path__startswith=community.path,
                                   confirmed=True).select_related("activity"):
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
    for k, (content, category) in enumerate(names.MORE_WISHES.get(pos, ())):  # no draws: the rest stays as it was
        wishes.append(MicroWish(
            organization=community, resident=residents[k % len(residents)], content=content, category=category,
            status=WishStatus.CONFIRMED, claimed_by=volunteer_user, claimed_at=timezone.now() - timedelta(days=9),
            fulfilled_at=timezone.now() - timedelta(days=6), confirmed_at=timezone.now() - timedelta(days=4)))
    MicroWish.objects.bulk_create(wishes)
    alliance = AllianceMember.objects.bulk_create(
        AllianceMember(organization=community, name=n.format(stem=names.stem(community)), is_merchant=m, services=s,
                       terms=t)
        for n, m, s, t in (
            ("{stem}便民维修部", True, "水电维修", "上门免费，材料成本价"),
            ("{stem}爱心理发店", True, "老人理发", "免费"),
            *names.ALLIANCE_MORE.get(pos, ()),
        )
    )
    talent, *_ = Talent.objects.bulk_create(
        Talent(organization=community, person=people[1 + 2 * k], can_lecture=lecture, expertise=expertise,
               availability="周三下午")
        for k, (expertise, lecture) in enumerate(names.TALENTS.get(pos, names.TALENT_DEFAULT)))
    titles = names.ITEMS.get(pos, names.ITEMS_DEFAULT)
    items = ServiceItem.objects.bulk_create([
        ServiceItem(organization=community, title=titles[0], mode=ServiceMode.APPOINTMENT,
                    alliance_member=alliance[0], free=True),
        ServiceItem(organization=community, title=titles[1], mode=ServiceMode.MENU, alliance_member=alliance[1],
                    free=True),
        ServiceItem(organization=community, title=titles[2], mode=ServiceMode.GROUP, talent=talent, free=True,
                    group_capacity=GROUP_CAPACITY),
        ServiceItem(organization=community, title=titles[3], mode=ServiceMode.APPOINTMENT, team=teams[-1],
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
    _as_groups(bookings, residents)
    Booking.objects.bulk_create(bookings)
    ServiceSlot.objects.bulk_update([b.slot for b in bookings if b.group_size], ["seats_taken"])
    _captains(teams, volunteers, their_teams)
    _grid_members(community, pos, [t.person for t in Talent.objects.filter(organization=community)
                                     .select_related("person").order_by("pk")],
                  [v.person for v in volunteers])
    if home != community:  # the volunteer branch's own courses, one of each of the “三式”
        ServiceItem.objects.bulk_create(
            ServiceItem(organization=home, title=title, mode=mode, team=teams[k], free=True,
                        group_capacity=GROUP_CAPACITY if mode == ServiceMode.GROUP else None)
            for title, mode, k in names.BRANCH_ITEMS if k < len(teams))


GROUP_CAPACITY = 12  # people a 组团式 slot receives


def _as_groups(bookings, residents):
    """A booking of a 组团式 item is a group's: the resident and two neighbours, three seats of the slot."""
    for n, b in enumerate(bookings):
        if b.slot.item.mode == ServiceMode.GROUP:
            others = [p.name for p in residents if p.pk != b.resident.pk][n % 5:][:2]
            b.members = "\n".join([b.resident.name, *others])
            b.group_size = len(b.member_names)
            b.slot.seats_taken += b.group_size


def _captains(teams, volunteers, their_teams):
    """Each team's captain is one of its own volunteers (the first enrolled in it); a team no one joined gets one
    of the community's volunteers, who joins it."""
    first = {}
    for v, ts in zip(volunteers, their_teams, strict=True):
        for t in ts:
            first.setdefault(t.pk, v)
    joined = []
    for k, team in enumerate(teams):
        if team.pk not in first and volunteers:
            first[team.pk] = volunteers[k % len(volunteers)]
            joined.append(Volunteer.teams.through(volunteer=first[team.pk], volunteerteam=team))
        team.leader = first[team.pk].person if team.pk in first else None
    Volunteer.teams.through.objects.bulk_create(joined)
    VolunteerTeam.objects.bulk_update(teams, ["leader"])


def _teams(community, home, pos, people):
    """The volunteer branch's seven teams (or two of the community's own), each with its captain."""
    stem = names.stem(community)
    if pos == 0:
        rows = [(f"{stem}{name}" if named else name, focus) for name, focus, named in names.BRANCH_TEAMS]
    else:
        pool = names.OTHER_TEAMS
        rows = [(f"{stem}{pool[(2 * pos + k - 2) % len(pool)][0]}", pool[(2 * pos + k - 2) % len(pool)][1])
                for k in range(2)]
    return [VolunteerTeam(organization=home, name=name, focus=focus, leader=people[k % len(people)] if people else None)
            for k, (name, focus) in enumerate(rows)]


def _brands(community, pos):
    """The community's brands (a work method, a platform, a brand and its sub-services) as `seed_names.BRANDS`
    says, the volunteer branch's brand; returns what the activities' draws of a brand take."""
    made = []
    for name, kind, group, items, results, parts in names.BRANDS.get(pos, ([], (None,)))[0]:
        top = BrandProject.objects.create(organization=community, name=name, kind=kind, target_group=group,
                                          standing_items=items, results=results)
        made += BrandProject.objects.bulk_create(
            BrandProject(organization=community, name=n, parent=top, target_group=g, standing_items=i)
            for n, g, i in parts) or ([top] if kind != BrandKind.METHOD else [])  # a method runs no activities
    draws = names.BRANDS.get(pos, ([], (None,)))[1]
    return [made[k] if k is not None else None for k in draws]


def _branch_brand(branch, community):
    name, kind, group, items, results = names.BRANCH_BRAND
    BrandProject.objects.create(organization=branch, name=name.format(stem=names.stem(community)), kind=kind,
                                target_group=group, standing_items=items, results=results)


def _festivals(community, home, pos, teams, volunteers, today):
    """Festival activities on the festivals' days (the last year's): the branch's eight, two of each other
    community's, each served by a few of the community's volunteers."""
    if home != community:
        _branch_brand(home, community)
        plan = [(fest, title, teams[k % len(teams)]) for fest, title, k in names.BRANCH_FESTIVALS]
    else:
        pool = names.OTHER_FESTIVALS
        plan = [(*pool[(pos + 3 * k) % len(pool)], teams[0]) for k in range(2)]
    acts, signups = [], []
    for n, (fest, title, team) in enumerate(plan):
        day = names.festival_day(fest, today)
        act = Activity(organization=home, team=team, title=title, place="社区广场", starts_at=_aware(day, 9),
                       ends_at=_aware(day, 11), capacity=30, signup_opens=_aware(day - timedelta(days=7), 8),
                       signup_closes=_aware(day - timedelta(days=1), 20))
        chosen = volunteers[n % 3:][:6]
        signups += [Signup(activity=act, person=v.person, checked_in_at=act.starts_at,
                           checked_out_at=act.starts_at + timedelta(hours=2), hours=Decimal(2), confirmed=True)
                    for v in chosen]
        act.seats_taken = len(chosen)
        acts.append(act)
    Activity.objects.bulk_create(acts)
    Signup.objects.bulk_create(signups)


def _two_new_brands(ctx):
    """A two-new organization's own method or service, as its name suggests (an enterprise of another trade has
    none: the report's "非公企业党组织的党建载体相对比较缺乏")."""
    for org in ctx.data["two_new"]:
        found = next((brand for word, brand in names.TWO_NEW_BRANDS if word in org.name), None)
        if found is not None:
            name, kind, group, items, results = found
            BrandProject.objects.create(organization=org, name=name, kind=kind, target_group=group,
                                        standing_items=items, results=results)


def _grid_members(community, pos, talents, volunteers):
    """The "×" of each of the community's grids taken from the rolls they stand for: its 草根能人 from the talent
    pool (one a grid while the pool lasts), its 志愿者 registered volunteers (one to three), its 骨干党员 party
    members (one or two), so the report's counts agree with the pool and differ grid by grid. The staff seeder,
    earlier, drew people at random; no draws here, so the rest of the demo stays as it was."""
    from dangjian.orgs.choices import GridPost
    from dangjian.orgs.models import Grid, GridStaff

    grids = list(Grid.objects.filter(organization__path__startswith=community.path).order_by("organization__path"))
    members = list(PartyMember.objects.active().filter(branch__path__startswith=community.path)
                   .order_by("pk").values_list("person_id", flat=True)[:3 * len(grids) + 3])
    GridStaff.objects.filter(grid__in=grids, post__in=[GridPost.TALENT, GridPost.VOLUNTEER,
                                                        GridPost.BACKBONE_MEMBER]).delete()
    staff = []
    for k, grid in enumerate(grids):
        size = 1 + (k + pos) % 3  # 1, 2 or 3 of a kind, so grids differ
        for post, pool, n in ((GridPost.BACKBONE_MEMBER, members, 1 + (k + pos + 1) % 2),
                              (GridPost.VOLUNTEER, [v.pk for v in volunteers], size),
                              (GridPost.TALENT, [t.pk for t in talents], 1)):
            chosen = pool[k::len(grids)][:n] if post == GridPost.TALENT else pool[k * 3:][:n]
            staff += [GridStaff(grid=grid, person_id=pk, post=post) for pk in chosen]
    GridStaff.objects.bulk_create(staff)



from . import seed_practices  # noqa: E402,F401  (registers the stations' and outdoor sessions' seeder)
