"""Daily reminders of the members domain, run by `dangjian remind` (each safe to run twice a day)."""

import calendar
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Q

from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.orgs.models import Organization, RoleAssignment

from .actions import BRANCH_KINDS
from .choices import AttendanceStatus
from .models import Attendance, MeetingRequirement, OrgLifeMeeting, PartyMember
from .models.meetings import as_of, ended_by
from .periods import span_of

OWED_NOTICE_DAYS = 10  # warn a branch this many days before a period ends without its meetings
UPCOMING_DAYS = 2


def secretaries_by_branch(today: date) -> dict[int, list]:
    rows = (
        RoleAssignment.objects.filter(role=Role.BRANCH_SECRETARY, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("user")
    )
    result = defaultdict(list)
    for row in rows:
        result[row.organization_id].append(row.user)
    return result


def _same_day(field: str, today: date) -> Q:
    q = Q(**{f"{field}__month": today.month, f"{field}__day": today.day})
    if today.month == 2 and today.day == 28 and not calendar.isleap(today.year):
        q |= Q(**{f"{field}__month": 2, f"{field}__day": 29})
    return q


@daily_job("生日与政治生日")
def birthdays(today: date) -> int:
    created = 0
    secretaries = secretaries_by_branch(today)
    members = PartyMember.objects.active().select_related("person__user", "branch")
    for member in members.filter(_same_day("person__birth_date", today)):
        if member.person.user:
            created += notify(member.person.user, f"birthday:{member.pk}:{today.year}", "生日快乐！",
                              f"{member.person.name}同志，祝您生日快乐，身体健康！", "/me/", "greeting")
        for sec in secretaries.get(member.branch_id, []):
            created += notify(sec, f"birthday-sec:{member.pk}:{today.year}", f"今天是党员{member.person.name}的生日",
                              "可送上生日祝福。", member.get_absolute_url(), "greeting")
    for member in members.filter(_same_day("join_date", today)).exclude(join_date__year=today.year):
        years = today.year - member.join_date.year
        if member.person.user:
            created += notify(member.person.user, f"political-birthday:{member.pk}:{today.year}",
                              f"政治生日快乐：入党{years}周年",
                              f"{member.join_date:%Y年%m月%d日}，您光荣地加入了中国共产党。不忘初心，牢记使命。",
                              "/me/", "greeting")
        for sec in secretaries.get(member.branch_id, []):
            created += notify(sec, f"political-birthday-sec:{member.pk}:{today.year}",
                              f"今天是党员{member.person.name}入党{years}周年的政治生日", "", member.get_absolute_url(),
                              "greeting")
    return created


@daily_job("组织生活待开展")
def meetings_owed(today: date) -> int:
    created = 0
    secretaries = secretaries_by_branch(today)
    branch_ids = list(
        Organization.objects.filter(pk__in=list(secretaries), kind__in=BRANCH_KINDS).values_list("pk", flat=True)
    )
    for req in MeetingRequirement.objects.all():
        span = span_of(req.period, today)
        if (span.end - today).days >= OWED_NOTICE_DAYS:
            continue
        held = dict(
            OrgLifeMeeting.objects.filter(organization_id__in=branch_ids, kind=req.kind, date__gte=span.start,
                                          date__lte=span.end)
            .order_by().values_list("organization_id").annotate(n=Count("id"))
        )
        for branch_id in branch_ids:
            if held.get(branch_id, 0) >= req.times:
                continue
            for sec in secretaries[branch_id]:
                created += notify(
                    sec, f"owe:{branch_id}:{req.kind}:{span.key}", f"{span.label}{req.get_kind_display()}尚未开展",
                    f"要求{req.get_period_display()}{req.times}次，已开展{held.get(branch_id, 0)}次，"
                    f"本周期于{span.end:%m月%d日}结束。", "/members/meetings/add/", "org_life")
    return created


@daily_job("会议提醒")
def upcoming_meetings(today: date) -> int:
    created = 0
    soon = OrgLifeMeeting.objects.filter(date__gte=today, date__lte=today + timedelta(days=UPCOMING_DAYS))
    rows = Attendance.objects.filter(meeting__in=soon, member__person__user__isnull=False).select_related(
        "meeting", "member__person__user")
    for row in rows:
        m = row.meeting
        created += notify(row.member.person.user, f"meeting:{m.pk}:upcoming", f"会议提醒：{m.get_kind_display()}",
                          f"{m.date:%m月%d日} {m.start_time:%H:%M} 在{m.place}召开“{m.topic}”，请准时参加。",
                          m.get_absolute_url(), "org_life")
    return created


@daily_job("连续缺席")
def absent_three_times(today: date) -> int:
    """Members absent (not on leave) from their branch's last three meetings — ended ones: a meeting
    still to come, or under way, has nobody absent yet."""
    created = 0
    secretaries = secretaries_by_branch(today)
    ended = ended_by(as_of(today))
    for branch_id, users in secretaries.items():
        last3 = list(OrgLifeMeeting.objects.filter(ended, organization_id=branch_id)
                     .order_by("-date", "-start_time").values_list("pk", flat=True)[:3])
        if len(last3) < 3:
            continue
        absentees = (
            Attendance.objects.filter(meeting_id__in=last3, status=AttendanceStatus.ABSENT)
            .order_by().values("member_id").annotate(n=Count("id")).filter(n=3).values_list("member_id", flat=True)
        )
        for member in PartyMember.objects.filter(pk__in=list(absentees)).select_related("person"):
            for sec in users:
                title = f"党员{member.person.name}连续三次未参加组织生活"
                created += notify(sec, f"absent3:{member.pk}:{last3[0]}", title, "请了解情况，做好谈心谈话。",
                                  member.get_absolute_url(), "org_life")
    return created


from . import parts as _parts  # noqa: E402

_parts.load("reminders")  # the lifecycle parts: members/parts.py
