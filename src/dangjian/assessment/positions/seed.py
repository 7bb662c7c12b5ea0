"""Demo positions (阵地): the committee's office and exhibition hall, a party-mass service centre per community
with its function rooms and standing services, building-yard and square positions, and a year of room use.

Everything is written with a handful of bulk inserts, so the street and district scales stay quick.
Bookings are laid out on fixed daily slots, distinct per room and day, so none overlap.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from dangjian.core import bulkload, tree
from dangjian.core.roles import Role
from dangjian.core.seeding import seeder
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization, RoleAssignment

from .models import Position, PositionKind, PositionLevel, Room, RoomBooking, StandingService

ROOMS = [  # name, function, capacity, bookable
    ("党员活动室", "主题党日、党员大会、党课", 60, True),
    ("会议室", "支委会、居民议事会、协商议事", 20, True),
    ("图书阅览室", "读书会、学习交流", 30, True),
    ("老年活动室", "老年人文体活动、健康讲座", 40, True),
    ("儿童之家", "四点半课堂、亲子活动", 25, True),
    ("多功能厅", "文艺排练、培训、展演", 100, True),
    ("一站式服务大厅", "政务服务、便民代办", None, False),
]
PURPOSES = {
    "党员活动室": ["主题党日活动", "党员大会", "专题党课", "“三会一课”集中学习", "新党员入党宣誓"],
    "会议室": ["支委会", "居民议事会", "“一征三议”协商会", "网格工作例会", "共建单位联席会"],
    "图书阅览室": ["红色读书会", "党史学习交流", "青少年阅读分享"],
    "老年活动室": ["“俏夕阳”健康讲座", "老年合唱团排练", "书法绘画交流"],
    "儿童之家": ["四点半课堂", "亲子手工活动", "“小太阳”假期托管"],
    "多功能厅": ["文艺汇演彩排", "志愿者培训", "政策宣讲会"],
    "党建展厅": ["党员参观学习", "入党积极分子现场教学", "共建单位参观"],
    "楼院活动室": ["楼院议事", "党员联户会", "邻里互助交流"],
}
SERVICES = [  # name, schedule, linked to (team/brand/partner/None)
    ("义诊进社区", "每月第一个周六上午", "partner"),
    ("法律咨询", "每周三下午", "partner"),
    ("便民理发", "每月10日上午", "team"),
    ("四点半课堂", "工作日16:30—18:00", "brand"),
    ("老年人助餐", "每日11:00—12:30", "brand"),
    ("政务代办", "工作日9:00—17:00", None),
    ("矛盾调解", "每周二、周四全天", "team"),
    ("心理疏导", "每月第二个周四下午", None),
]
SLOTS = [(9, 11), (14, 16), (19, 21)]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@seeder(95)
def seed_positions(ctx):
    rng, today = ctx.rng, timezone.localdate()
    positions, plans = [], []  # plans: (position, [room specs], [service specs], users of the rooms)
    streets, communities, grid_orgs = _fresh(ctx)
    for street in streets:
        office = Position(organization=street, name=f"{street.short_name}党工委党建阵地", level=PositionLevel.COMMITTEE,
                          kind=PositionKind.EXHIBITION, address=street.address, area=600, open_hours="工作日9:00—17:00",
                          opened_on=date(2018, 7, 1), note="党工委办公场所，设党建展厅，承担全街道党员教育培训。")
        positions.append(office)
        office_rooms = [("党建展厅", "党史教育、党建成果展示", 80, True), ("会议室", "党工委会议、培训", 40, True)]
        office_services = [("党员教育培训", "每季度一期", None), ("党建展厅讲解", "工作日预约参观", None)]
        plans.append((office, office_rooms, office_services, street))
    grids = {}
    for grid_org in grid_orgs:
        grids.setdefault(tree.parent_path(grid_org.path), []).append(grid_org)
    for index, community in enumerate(communities):
        name = community.short_name or community.name
        centre = Position(organization=community, name=f"{name}党群服务中心", level=PositionLevel.COMMUNITY,
                          kind=PositionKind.SERVICE_CENTRE, address=community.address or f"{name}党群服务中心",
                          area=rng.choice([300, 420, 500, 650, 800]), open_hours="周一至周日 8:30—20:30",
                          opened_on=date(2016 + index % 6, 7, 1), note="“一站式”服务，功能室免费向辖区组织开放预约。")
        positions.append(centre)
        rooms = ROOMS[:2] + rng.sample(ROOMS[2:], rng.randint(2, 4))
        plans.append((centre, rooms, rng.sample(SERVICES, rng.randint(2, 6)), community))
        for k, grid_org in enumerate(grids.get(community.path, [])[: rng.randint(1, 2)]):
            yard = Position(organization=grid_org, name=f"{name}{'东西'[k]}区楼院党建阵地",
                            level=PositionLevel.BUILDING, kind=PositionKind.MEMBERS_HOME,
                            address=f"{name}{k * 4 + 1}号楼一单元",
                            area=rng.choice([40, 60, 80]), open_hours="每周二、五 19:00—21:00",
                            opened_on=date(2020 + k, 5, 1))
            positions.append(yard)
            plans.append((yard, [("楼院活动室", "楼院议事、党员联户", 15, True)], [], grid_org))
        if index % 3 == 0:
            square = Position(organization=community, name=f"{name}文化广场阵地", level=PositionLevel.SQUARE,
                              kind=PositionKind.SQUARE, address=f"{name}文化广场", area=1500, open_hours="全天开放",
                              opened_on=date(2019, 10, 1), note="设党建宣传栏、政策宣讲台，夏季开展广场文化活动。")
            positions.append(square)
            plans.append((square, [], [("广场政策宣讲", "每月最后一个周六晚", None)], community))
    Position.objects.bulk_create(positions)
    _rooms_and_services(ctx, plans, today)
    ctx.out(f"阵地：{len(positions)} 处，功能室：{Room.objects.count()} 间，"
            f"功能室预约：{RoomBooking.objects.count()} 次")


def _fresh(ctx):
    """Streets, communities and grid organizations as stored now: inserting sorted siblings shifts the
    materialized paths, so the objects earlier seeders kept may carry stale ones."""
    keep = Organization.objects.in_bulk([o.pk for o in ctx.data["streets"] + ctx.data["communities"]])
    grid_orgs = Organization.objects.filter(pk__in=[g.organization_id for g in ctx.data["grids"]]).order_by("path")
    return ([keep[o.pk] for o in ctx.data["streets"]], [keep[o.pk] for o in ctx.data["communities"]],
            list(grid_orgs))


def _rooms_and_services(ctx, plans, today):
    rng = ctx.rng
    helpers = _helpers(ctx)
    rooms, services, users_of = [], [], {}
    for position, room_specs, service_specs, home in plans:
        for name, function, capacity, bookable in room_specs:
            room = Room(position=position, name=name, function=function, capacity=capacity, bookable=bookable)
            rooms.append(room)
            users_of[id(room)] = home
        for k, (name, schedule, link) in enumerate(service_specs):
            linked = rng.choice(helpers[link].get(home.path, [None])) if link else None
            until = today - timedelta(days=rng.randint(20, 200)) if k == 1 and len(service_specs) > 3 else None
            services.append(StandingService(position=position, name=name, schedule=schedule, since=date(2021, 3, 1),
                                            until=until, **({link: linked} if link else {})))
    Room.objects.bulk_create(rooms)
    StandingService.objects.bulk_create(services)
    bulkload.insert(RoomBooking, ("room_id", "organization_id", "purpose", "starts_at", "ends_at", "booked_by_id",
                                  "cancelled_at"), _bookings(ctx, rooms, users_of, today))


def _helpers(ctx):
    """The teams, brands and partner units of each community (keyed by its path), to link services to."""
    from dangjian.coop.models import PartnerUnit
    from dangjian.services.models import BrandProject, VolunteerTeam

    found = {"team": {}, "brand": {}, "partner": {}}
    within = {"organization__path__startswith": ctx.data["district"].path}  # this district's (a city has ten)
    for key, model in (("team", VolunteerTeam), ("brand", BrandProject), ("partner", PartnerUnit)):
        for obj in model.objects.filter(**within).select_related("organization"):
            for prefix in _prefixes(obj.organization.path):
                found[key].setdefault(prefix, []).append(obj)
    return found


def _prefixes(path, longest_first=False):
    found = tree.ancestor_paths(path, include_self=True)
    return found[::-1] if longest_first else found


def _bookings(ctx, rooms, users_of, today):
    """A year back and two weeks ahead: busier on weekdays and in the coming days, a few cancelled."""
    rng = ctx.rng
    orgs_under = {}
    district = ctx.data["district"].path
    for org in Organization.objects.filter(path__startswith=district).exclude(kind=OrgKind.DISTRICT).only(
            "pk", "path", "name"):
        for prefix in _prefixes(org.path):
            orgs_under.setdefault(prefix, []).append(org)
    bookers = dict(RoleAssignment.objects.filter(role__in=[Role.COMMUNITY_SECRETARY, Role.STREET_ADMIN])
                   .values_list("organization__path", "user"))
    rows, now = [], timezone.now()
    days = [today + timedelta(days=d) for d in range(-365, 15)]
    for room in rooms:
        if not room.bookable:
            continue
        home = users_of[id(room)]
        users = orgs_under.get(home.path, [home])
        purposes = PURPOSES.get(room.name, PURPOSES["会议室"])
        booker = next((bookers[p] for p in _prefixes(home.path, longest_first=True) if p in bookers), None)
        for day in days:
            chance = 0.35 if day >= today else (0.10 if day.weekday() < 5 else 0.04)
            if rng.random() >= chance:
                continue
            for start, end in rng.sample(SLOTS, rng.choice([1, 1, 1, 2])):
                starts_at = _at(day, start)
                if day >= today and starts_at <= now:
                    continue
                cancelled = starts_at - timedelta(days=1) if day < today and rng.random() < 0.04 else None
                rows.append((room.pk, rng.choice(users).pk, rng.choice(purposes), starts_at, _at(day, end), booker,
                             cancelled))
    return rows
