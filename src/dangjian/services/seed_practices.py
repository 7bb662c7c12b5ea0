"""Demo 红色志愿者驿站 and 流动居委会 / 站岗式服务, built relative to the clock after the resident archive (care) and
the ledgers exist: in each street's first two communities a station with a week's roster and a log of services
given; in every community past sessions on the street with the matters handled there (one settled on the spot,
one turned into a problem, one waiting) and one to come. No random draws: the rest of the demo stays as it was."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from dangjian.core.seeding import seeder
from dangjian.core.workflow import transition

from .models import (
    MatterStatus,
    OutdoorKind,
    OutdoorMatter,
    OutdoorSession,
    Station,
    StationDuty,
    StationService,
    Volunteer,
)

STATION_SERVICES = ("代买生活用品", "量血压", "陪老人聊天", "辅导作业", "修理小家电", "理发")
RECIPIENTS = ("王大爷", "李奶奶", "赵阿姨", "刘爷爷", "孙奶奶", "周大妈")
MATTERS = (  # (what a resident brought, how it was handled, settled on the spot)
    ("咨询养老保险认证办理", "现场讲解办理流程并协助线上认证", True),
    ("小区路灯不亮，晚上出行不便", "", False),
    ("楼道堆放杂物存在消防隐患", "", False),
)
SESSIONS = ((OutdoorKind.MOBILE, "小区中心广场", "政策宣传、事项代办"),
            (OutdoorKind.POST, "小区南门", "站岗式服务：听取居民诉求"))


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@seeder(85)
def seed_practices(ctx):
    from dangjian.orgs.models import Organization

    today = timezone.localdate()
    per_street = ctx.scale.communities_per_street
    for index, community in enumerate(ctx.data["communities"]):
        community = Organization.objects.get(pk=community.pk)
        volunteers = list(Volunteer.objects.filter(organization=community).select_related("person").order_by("pk")[:8])
        if index % per_street < 2 and volunteers:
            _station(community, volunteers, today, index % per_street)
        _sessions(community, today)
    ctx.out(f"红色志愿者驿站：{Station.objects.count()} 个，流动服务：{OutdoorSession.objects.count()} 场")


def _station(community, volunteers, today, pos):
    from dangjian.care.models import ResidentFile

    name = f"{community.short_name or community.name}红色志愿者驿站"
    station = Station.objects.create(organization=community, name=name,
                                     place=("党群服务中心一楼", "社区服务站东厅")[pos],
                                     opening_hours="周一至周五 9:00—17:00", services="助老帮扶、便民维修、学业辅导")
    duties = []
    for d in range(7):  # a week's roster from today: morning and afternoon turns
        day = today + timedelta(days=d)
        for k, (start, end) in enumerate(((time(9), time(12)), (time(14), time(17)))):
            duties.append(StationDuty(station=station, volunteer=volunteers[(2 * d + k) % len(volunteers)], date=day,
                                      starts=start, ends=end))
    StationDuty.objects.bulk_create(duties)
    file = ResidentFile.objects.filter(organization__path__startswith=community.path).order_by("pk").first()
    records = []
    for n in range(8):  # the past weeks' log
        day = today - timedelta(days=4 + 6 * n)
        start = _at(day, 9 + n % 3)
        records.append(StationService(
            station=station, volunteer=volunteers[n % len(volunteers)], content=STATION_SERVICES[n % 6],
            recipient="" if (n == 0 and file is not None) else RECIPIENTS[n % 6],
            resident_file=file if n == 0 else None, starts_at=start,
            ends_at=start + timedelta(minutes=60 + 30 * (n % 2)), hours=Decimal("1.5") if n % 2 else Decimal(1)))
    StationService.objects.bulk_create(records)


def _staff(community):
    from dangjian.people.models import Person

    from .models.outdoor import on_duty_candidates

    return list(on_duty_candidates(Person.objects.filter(organization__path__startswith=community.path))
                .order_by("pk")[:3])


def _sessions(community, today):
    from dangjian.ledgers.actions import create_problem
    from dangjian.ledgers.choices import Category, Source

    staff = _staff(community) or ([community.secretary] if community.secretary_id else [])
    for n, days_ago in enumerate((40, 26, 12, -5)):
        kind, place, note = SESSIONS[n % 2]
        day = today - timedelta(days=days_ago)
        session = OutdoorSession.objects.create(organization=community, kind=kind, place=place, note=note,
                                                starts_at=_at(day, 9), ends_at=_at(day, 11))
        session.staff.set(staff)
        if days_ago < 0:
            continue  # still to come: nothing handled yet
        for k, (content, handling, settled) in enumerate(MATTERS):
            matter = OutdoorMatter.objects.create(session=session, content=content, handling=handling,
                                                  resident_name=RECIPIENTS[(n + k) % 6],
                                                  status=MatterStatus.SETTLED if settled else MatterStatus.OPEN)
            if k == 1 and n < 2:  # the street light, followed up in the community's problem list
                problem = create_problem(None, community, title=content, category=Category.SERVICE,
                                         source=Source.MASSES, found_on=day,
                                         description=f"{session.get_kind_display()}（{place}）收集")
                transition(matter, when={"status": MatterStatus.OPEN}, actor=None, refusal="", step="转入问题清单",
                           to={"status": MatterStatus.PROBLEM, "problem": problem})  # history, as the action writes
