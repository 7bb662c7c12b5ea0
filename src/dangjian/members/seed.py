"""Demo members and one year of organization life, with realistic unevenness between branches."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from dangjian.core import bulkload, seeding, tree
from dangjian.core.seeding import seeder
from dangjian.people.models import Person

from .actions import ATTENDANCE_RULE, BRANCH_KINDS
from .choices import (
    THEORY_CATEGORIES,
    AttendanceStatus,
    AwardKind,
    AwardStatus,
    BulletinKind,
    CareKind,
    Category,
    MeetingKind,
    Post,
    Status,
    TrainingCategory,
)
from .models import (
    Attendance,
    Award,
    Bulletin,
    CareVisit,
    CommitteePost,
    OrgLifeMeeting,
    PartyMember,
    PointEntry,
    PointRule,
    TrainingAttendance,
    TrainingSession,
)
from .models.meetings import new_token

TOPICS = {
    MeetingKind.COMMITTEE_MEETING: ["研究本月党建重点工作", "讨论发展党员工作", "研究困难党员帮扶"],
    MeetingKind.GROUP_MEETING: ["学习党章党规", "交流学习体会", "收集居民意见建议"],
    MeetingKind.THEME_DAY: ["亮身份、当先锋志愿服务", "重温入党誓词", "红色教育基地参观", "环境整治志愿服务"],
    MeetingKind.GENERAL_MEETING: ["传达上级会议精神", "讨论预备党员转正", "党费收缴情况通报"],
    MeetingKind.PARTY_LECTURE: ["书记讲党课：践行初心使命", "老党员讲传统", "基层治理专题党课"],
    MeetingKind.LIFE_MEETING: ["年度组织生活会暨民主评议党员"],
}
SCHEDULE = [  # kind, months of the year it is held in
    (MeetingKind.COMMITTEE_MEETING, range(1, 13)),
    (MeetingKind.GROUP_MEETING, range(1, 13)),
    (MeetingKind.THEME_DAY, range(1, 13)),
    (MeetingKind.GENERAL_MEETING, (2, 5, 8, 11)),
    (MeetingKind.PARTY_LECTURE, (3, 6, 9, 12)),
    (MeetingKind.LIFE_MEETING, (1,)),
]
EMPLOYERS = ["市财政局", "区发改委", "市第一人民医院", "区实验小学", "供电公司", "市税务局", "区卫健委"]


def _months_back(today: date, n: int) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(n):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


@seeder(40)
def seed_members(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    branches = [b for b in ctx.data["branches"] + ctx.data["volunteer_branches"] if b.kind in BRANCH_KINDS]
    grid_branches = [g.organization for g in ctx.data["grids"]]
    by_org = {}
    for p in Person.objects.filter(organization__in=branches + grid_branches).defer(*seeding.SECRETS).order_by("id"):
        by_org.setdefault(p.organization_id, []).append(p)
    members = []
    community_of = {c.path: c for c in ctx.data["communities"]}
    for branch in branches + grid_branches:
        pool = by_org.get(branch.pk, [])
        if branch.kind == "grid_branch":
            pool = pool[:: max(1, len(pool) // 12)][:12]  # a grid branch: a dozen residents are members
        community = community_of.get(tree.at_depth(branch.path, tree.COMMUNITY_DEPTH))
        for person in pool:
            age = person.age or 40
            if age < 19:
                continue
            join_age = rng.randint(18, min(age - 1, 45))
            # Day of year, not replace(): a 29 February birthday has no twin in most years.
            join = person.birth_date + timedelta(days=round(join_age * 365.25) + rng.randint(1, 300))
            join = min(join, today - timedelta(days=30))
            probationary = join > today - timedelta(days=365)
            status = Status.NORMAL
            roll = rng.random()
            if roll < 0.03:
                status = Status.MOBILE
            elif roll < 0.04:
                status = Status.LOST
            in_service = community is not None and 23 <= age <= 58 and rng.random() < 0.15
            members.append(
                PartyMember(
                    person=person,
                    branch=branch,
                    join_date=join,
                    category=Category.PROBATIONARY if probationary else Category.FULL,
                    full_date=None if probationary else join + timedelta(days=365),
                    status=status,
                    status_date=today - timedelta(days=rng.randint(30, 300)) if status != Status.NORMAL else None,
                    is_hardship=rng.random() < 0.06,
                    is_sick=rng.random() < 0.04,
                    in_service=in_service,
                    employer=rng.choice(EMPLOYERS) if in_service else "",
                    registered_community=community if in_service else None,
                    registered_on=today - timedelta(days=rng.randint(60, 900)) if in_service else None,
                )
            )
    members = bulkload.insert_objects(PartyMember, members)
    if ctx.first:
        _demo_member_in_service()
    by_branch = {}
    for m in members:
        by_branch.setdefault(m.branch_id, []).append(m)
    ctx.data["members_by_branch"] = by_branch
    _committees(ctx, by_branch, today)
    _meetings(ctx, branches + grid_branches, by_branch, today)
    _trainings(ctx, by_branch, today)
    _care_awards_bulletins(ctx, by_branch, today)
    _evidence(ctx, branches + grid_branches, today)
    if ctx.first:
        _point_acks(today)
    ctx.out(f"党员：{len(members)} 人，组织生活：{OrgLifeMeeting.objects.count()} 次")


def _demo_member_in_service() -> None:
    """The demo member works at a paired unit and has not reported to a community yet: signing in as
    "member" shows the way to report in (scan the community's code) before the co-building activities."""
    PartyMember.objects.filter(person__user__username="member").update(
        in_service=True, employer="市财政局", registered_community=None, registered_on=None)


def _point_acks(today) -> None:
    """Members of the demo's first branch have looked over their points: older lines confirmed, one objection
    waiting for the branch secretary; the demo member's own lines are still theirs to confirm."""
    from .choices import MemberAck

    branch = PartyMember.objects.filter(person__user__username="member").values_list("branch", flat=True).first()
    if branch is None:
        return
    entries = PointEntry.objects.filter(member__branch=branch, date__lt=today - timedelta(days=60)).exclude(
        member__person__user__username="member")
    moment = timezone.now() - timedelta(days=30)
    entries.update(member_ack=MemberAck.CONFIRMED, ack_at=moment)
    recent = (PointEntry.objects.filter(member__branch=branch, date__gte=today - timedelta(days=60))
              .exclude(member__person__user__username="member").order_by("-date", "pk").first())
    if recent is not None:
        PointEntry.objects.filter(pk=recent.pk).update(
            member_ack=MemberAck.DISPUTED, ack_at=moment, objection="这笔积分的日期和事由与我的记录不一致，请核实。")


def _traits_of(ctx, trait) -> tuple:
    """The paths of the organizations seeded with `trait` (orgs/seed.py TRAITS), for `path.startswith`."""
    pks = ctx.data.get("traits", {}).get(trait, set())
    return tuple(o.path for o in ctx.data["communities"] + ctx.data["two_new"] if o.pk in pks)


def _older_low(member) -> bool:
    from dangjian.people.choices import Education

    low = (Education.SECONDARY, Education.JUNIOR, Education.PRIMARY)
    return (member.person.age or 0) >= 55 and member.person.education in low


def _committees(ctx, by_branch, today):
    posts = []
    ctx.data["committee"] = {}
    older = _traits_of(ctx, "older_committee")
    for branch_id, members in by_branch.items():
        # Older members tend to sit on committees (the report's "age and education" finding); in a community
        # seeded with an older committee, older members without higher education take the seats first.
        first = bool(older) and members[0].branch.path.startswith(older)
        ranked = sorted(members, key=lambda m: (first and not _older_low(m),
                                                -(m.person.age or 0) + ctx.rng.randint(0, 25)))
        seats = [Post.SECRETARY, Post.ORGANIZATION, Post.PUBLICITY] + (
            [Post.DEPUTY, Post.DISCIPLINE] if len(members) > 20 else []
        )
        chosen = ranked[: len(seats)]
        ctx.data["committee"][branch_id] = chosen
        start = today - timedelta(days=ctx.rng.randint(200, 1500))
        posts += [
            CommitteePost(branch_id=branch_id, member=m, post=p, start=start)
            for m, p in zip(chosen, seats, strict=False)
        ]
    CommitteePost.objects.bulk_create(posts)


def _meetings(ctx, branches, by_branch, today):
    rng = ctx.rng
    months = _months_back(today, 12)
    meetings, expected = [], []
    quiet = _traits_of(ctx, "quiet_two_new")
    for branch in branches:
        members = [m for m in by_branch.get(branch.pk, []) if m.status == Status.NORMAL]
        if not members:
            continue
        diligence = rng.choice([0.55, 0.75, 0.9, 0.95, 1.0, 1.0])
        habitual_absentees = set(m.pk for m in rng.sample(members, max(1, len(members) // 15)))
        if quiet and branch.path.startswith(quiet):
            # An enterprise branch that seldom gathers its members: two of its committee keep coming, the
            # others never do (the report's "党员参与率仅有×%").
            keen = {m.pk for m in ctx.data["committee"].get(branch.pk, [])[:2]}
            habitual_absentees = {m.pk for m in members if m.pk not in keen}
        for month in months:
            for kind, held_in in SCHEDULE:
                if month.month not in held_in or rng.random() > diligence:
                    continue
                day = month.replace(day=rng.randint(3, 26))
                if day > today:
                    continue
                meeting = OrgLifeMeeting(
                    organization=branch,
                    kind=kind,
                    date=day,
                    start_time=time(rng.choice([9, 14, 15, 19]), 0),
                    duration_minutes=rng.choice([60, 90, 120]),
                    place=f"{branch.name.split('第')[0]}党群服务中心",
                    topic=rng.choice(TOPICS[kind]),
                    checkin_token=new_token(),
                    resolutions="会议按议程进行，形成记录。" if kind != MeetingKind.GROUP_MEETING else "",
                )
                meetings.append(meeting)
                attendees = (
                    ctx.data["committee"].get(branch.pk, []) if kind == MeetingKind.COMMITTEE_MEETING else members
                )
                expected.append((meeting, attendees, habitual_absentees))
    for street in ctx.data["streets"]:  # the committee's own monthly party-building meeting
        for month in months:
            day = month.replace(day=min(25, today.day if month.month == today.month else 25))
            meetings.append(OrgLifeMeeting(organization=street, kind=MeetingKind.SPECIAL_MEETING, date=day,
                                           start_time=time(9), place="街道办事处会议室",
                                           topic=f"{month.month}月党建工作专题会议", checkin_token=new_token(),
                                           resolutions="研究部署本月党建重点工作。"))
    bulkload.insert_objects(OrgLifeMeeting, meetings)
    present_by_member = {}
    now = timezone.now()

    def attendance():  # drawn in the same order as ever, written as it is drawn (a city has millions)
        for meeting, attendees, absentees in expected:
            for m in attendees:
                roll = rng.random()
                if m.pk in absentees:
                    status = AttendanceStatus.ABSENT
                elif roll < 0.82:
                    status = AttendanceStatus.PRESENT
                elif roll < 0.9:
                    status = AttendanceStatus.LEAVE
                else:
                    status = AttendanceStatus.ABSENT
                via_qr = status == AttendanceStatus.PRESENT and rng.random() < 0.6
                yield (meeting.pk, m.pk, status, "外出务工" if status == AttendanceStatus.LEAVE else "",
                       now if via_qr else None, via_qr)
                if status == AttendanceStatus.PRESENT:
                    present_by_member.setdefault(m.pk, []).append(meeting)

    bulkload.insert(Attendance, ("meeting_id", "member_id", "status", "reason", "checked_in_at", "via_qr"),
                    attendance())
    rule = PointRule.objects.get(code=ATTENDANCE_RULE)
    cap = int(rule.yearly_cap / rule.points)
    kinds = dict(MeetingKind.choices)
    entries = []  # member, rule, date, points, reason, source_key, source_url
    for member_id, attended in present_by_member.items():
        per_year = {}
        for meeting in sorted(attended, key=lambda x: x.date):
            per_year[meeting.date.year] = per_year.get(meeting.date.year, 0) + 1
            if per_year[meeting.date.year] > cap:
                continue
            entries.append((member_id, rule.pk, meeting.date, rule.points,
                            f"参加{kinds[meeting.kind]}：{meeting.topic}", f"meeting:{meeting.pk}",
                            f"/members/meetings/{meeting.pk}/"))
    manual = list(PointRule.objects.filter(automatic=False, active=True))
    for members in by_branch.values():
        for m in rng.sample(members, max(1, len(members) // 4)):
            r = rng.choice(manual)
            entries.append((m.pk, r.pk, today - timedelta(days=rng.randint(5, 300)), r.points, r.item, "", ""))
    bulkload.insert(PointEntry, ("member_id", "rule_id", "date", "points", "reason", "source_key", "source_url"),
                    entries)


def _trainings(ctx, by_branch, today):
    rng = ctx.rng
    weights = [  # about half the hours documents and theory, as the reference finds street-wide
        (TrainingCategory.DOCUMENTS, 3),
        (TrainingCategory.THEORY, 2),
        (TrainingCategory.PRACTICE, 2),
        (TrainingCategory.SKILLS, 1),
        (TrainingCategory.RED, 1),
        (TrainingCategory.ONLINE, 1),
    ]
    pool = [c for c, w in weights for _ in range(w)]
    titles = {
        TrainingCategory.DOCUMENTS: "传达学习上级会议精神",
        TrainingCategory.THEORY: "党章党规党纪专题学习",
        TrainingCategory.PRACTICE: "社区治理实践教学",
        TrainingCategory.SKILLS: "应急救护技能培训",
        TrainingCategory.RED: "红色教育基地现场教学",
        TrainingCategory.ONLINE: "网上党校专题课程",
    }
    sessions, links = [], []
    organizers = ctx.data["communities"] + ctx.data["streets"]
    theory_only = _traits_of(ctx, "theory_only")
    for org in organizers:
        for _ in range(6 if org.kind == "community_committee" else 4):
            category = rng.choice(pool)
            if theory_only and org.path.startswith(theory_only) and category not in THEORY_CATEGORIES:
                category = TrainingCategory.DOCUMENTS  # study there is documents and theory, nothing else
            sessions.append(
                TrainingSession(
                    organization=org,
                    title=titles[category],
                    category=category,
                    date=today - timedelta(days=rng.randint(1, 330)),
                    hours=Decimal(rng.choice([2, 3, 4, 8])),
                    teacher="党校教师",
                    place="党群服务中心",
                )
            )
    TrainingSession.objects.bulk_create(sessions)
    branches_under = {}
    for members in by_branch.values():
        branches_under.setdefault(tree.at_depth(members[0].branch.path, tree.COMMUNITY_DEPTH), []).extend(members)
    for s in sessions:
        candidates = [m for path, ms in branches_under.items() if tree.is_within(path, s.organization.path) for m in ms]
        for m in rng.sample(candidates, min(len(candidates), 20)):
            links.append((s.pk, m.pk))
    bulkload.insert(TrainingAttendance, ("session_id", "member_id"), links)


def _care_awards_bulletins(ctx, by_branch, today):
    rng = ctx.rng
    from django.contrib.auth import get_user_model

    street_admin = get_user_model().objects.filter(username="street").first()
    visits, awards = [], []
    for members in by_branch.values():
        for m in members:
            if m.is_hardship or m.is_sick or (m.person.age or 0) >= 80:
                kind = CareKind.HARDSHIP if m.is_hardship else CareKind.SICK if m.is_sick else CareKind.ELDERLY
                for _ in range(rng.randint(1, 3)):
                    visits.append(
                        CareVisit(
                            member=m,
                            kind=kind,
                            date=today - timedelta(days=rng.randint(1, 330)),
                            visitors="支部书记、社区干部",
                            given=rng.choice(["米面油", "慰问金", "代办医保"]),
                            amount=Decimal(500) if rng.random() < 0.3 else None,
                        )
                    )
        for kind in (AwardKind.MEMBER_STAR, AwardKind.FIVE_GOOD_FAMILY):
            m = rng.choice(members)
            approved = rng.random() < 0.8
            awards.append(
                Award(
                    year=today.year,
                    kind=kind,
                    member=m,
                    reason="积极参加组织生活和志愿服务，带头作用明显。",
                    proposer_org=m.branch,
                    status=AwardStatus.APPROVED if approved else AwardStatus.NOMINATED,
                    decided_by=street_admin if approved else None,
                    decided_at=timezone.now() if approved else None,
                )
            )
    CareVisit.objects.bulk_create(visits)
    Award.objects.bulk_create(awards)
    for org in ctx.data["streets"] + ctx.data["communities"][:4]:
        for title, kind in (
            ("关于开展“亮身份、当先锋”主题党日活动的通知", BulletinKind.NOTICE),
            ("学习资料：党支部工作条例要点", BulletinKind.STUDY),
            ("我街道召开党建工作专题会议", BulletinKind.NEWS),
        ):
            Bulletin.objects.create(
                organization=org,
                kind=kind,
                title=title,
                body="请各支部认真组织学习，结合实际抓好落实。",
                published_by=street_admin,
            )


STUDY_NOTES = "党支部工作条例要点：坚持“三会一课”，按时开展主题党日，认真召开组织生活会。".encode()


def _evidence(ctx, branches, today):
    """Each branch's latest meeting carries a photo and each study bulletin its material: the evidence
    pages (and the tests that they serve files only through a record the user sees) have files to serve."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.core.models import Evidence

    for branch in branches:
        meeting = OrgLifeMeeting.objects.filter(organization=branch, date__lte=today).order_by("-date", "-pk").first()
        if meeting is not None:
            photo = seeding.demo_photo("会议照片.png")
            meeting.attachments.add(Evidence.store(photo, branch, None))
    district = ctx.data["district"].path  # this district's bulletins (a city seeds ten in turn)
    for bulletin in Bulletin.objects.filter(kind=BulletinKind.STUDY, organization__path__startswith=district
                                            ).select_related("organization"):
        notes = SimpleUploadedFile("党支部工作条例要点.txt", STUDY_NOTES, content_type="text/plain")
        bulletin.attachments.add(Evidence.store(notes, bulletin.organization, None))


from . import parts as _parts  # noqa: E402

_parts.load("seed")  # the lifecycle parts: members/parts.py
