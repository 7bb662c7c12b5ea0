import re
from datetime import date, time

from django.core.management import call_command
from django.utils import timezone

from dangjian.core.models import Notification
from dangjian.members.actions import BRANCH_KINDS
from dangjian.members.choices import MeetingKind
from dangjian.members.models import OrgLifeMeeting
from dangjian.members.periods import previous_month
from dangjian.orgs.models import Organization
from dangjian.testing import world


def _branches(community):
    """Every branch the compliance table judges (volunteer branches and general branches too: the seed
    holds their meetings at random, so leaving one out made the test depend on the day it ran)."""
    return list(Organization.objects.filter(path__startswith=community.path, kind__in=BRANCH_KINDS).order_by("path"))


def test_it_marks_a_branch_without_last_months_committee_meeting_overdue_and_rolls_it_up(login, community_a, street):
    last_month = previous_month(timezone.localdate())
    lagging, *others = _branches(community_a)
    OrgLifeMeeting.objects.filter(organization=lagging, kind=MeetingKind.COMMITTEE_MEETING,
                                  date__gte=last_month, date__lt=timezone.localdate().replace(day=1)).delete()
    for branch in others:
        OrgLifeMeeting.objects.get_or_create(organization=branch, kind=MeetingKind.COMMITTEE_MEETING,
                                             date=last_month.replace(day=10),
                                             defaults={"start_time": time(9), "place": "室", "topic": "研究工作"})
    month = f"{last_month:%Y-%m}"
    html = login("secretary_a").get("/members/compliance/", {"within": community_a.pk, "month": month}).content.decode()
    row = re.search(rf'<tr data-branch="{lagging.name}">(.*?)</tr>', html, re.S).group(1)
    first_cell = re.findall(r"<td>(.*?)</td>", row, re.S)[1]
    assert "0/1" in first_cell and "逾期" in first_cell
    for branch in others:
        row = re.search(rf'<tr data-branch="{branch.name}">(.*?)</tr>', html, re.S).group(1)
        assert "逾期" not in re.findall(r"<td>(.*?)</td>", row, re.S)[1]
    street_html = login("street_admin").get("/members/compliance/", {"within": street.pk, "month": month})
    group = re.search(rf'<tr data-org="{community_a.name}">(.*?)</tr>', street_html.content.decode(), re.S).group(1)
    committee_cell = re.findall(r"<td[^>]*>(.*?)</td>", group, re.S)[1]
    assert committee_cell.startswith("1 /")


def test_it_never_shows_other_communities_in_the_table(login, community_a, community_b):
    html = login("secretary_a").get("/members/compliance/").content.decode()
    assert community_b.name not in html
    assert login("secretary_a").get("/members/compliance/", {"within": community_b.pk}).status_code == 404


def test_remind_twice_on_one_day_creates_each_notification_once(community_a):
    member = world.user("member").person.party_member
    person = member.person
    today = timezone.localdate()
    person.birth_date = person.birth_date.replace(month=today.month, day=min(today.day, 28))
    person.save()
    when = today.replace(day=min(today.day, 28)).isoformat()
    call_command("remind", date=when, stdout=open("/dev/null", "w"))
    first = set(Notification.objects.values_list("user_id", "key"))
    call_command("remind", date=when, force=True, stdout=open("/dev/null", "w"))  # not skipped: run again
    assert set(Notification.objects.values_list("user_id", "key")) == first
    assert Notification.objects.count() == len(first)
    assert Notification.objects.filter(user=person.user, kind="greeting").exists()
    branch_secretary = world.user("branch")
    assert Notification.objects.filter(user=branch_secretary, key__startswith="birthday-sec:").exists()


def test_remind_warns_a_branch_of_meetings_still_owed_near_the_period_end(community_a):
    branch = world.user("member").person.party_member.branch
    OrgLifeMeeting.objects.filter(organization=branch, date__year=2026, date__month=12).delete()
    call_command("remind", date="2026-12-28", stdout=open("/dev/null", "w"))
    keys = set(Notification.objects.filter(user=world.user("branch")).values_list("key", flat=True))
    assert f"owe:{branch.pk}:committee_meeting:month:2026-12" in keys


def test_remind_flags_members_absent_three_times_in_a_row(community_a):
    from dangjian.members import actions
    from dangjian.members.choices import AttendanceStatus
    from dangjian.members.models import Attendance

    member = world.user("member").person.party_member
    for day in (1, 2, 3):
        m = actions.create_meeting(None, member.branch, kind=MeetingKind.THEME_DAY, date=date(2030, 1, day),
                                   start_time=time(9), place="室", topic=f"第{day}次")
        Attendance.objects.filter(meeting=m).exclude(member=member).update(status=AttendanceStatus.PRESENT)
    call_command("remind", date="2030-01-04", stdout=open("/dev/null", "w"))
    notes = Notification.objects.filter(user=world.user("branch"), key__startswith="absent3:")
    assert [n.title for n in notes] == [f"党员{member.person.name}连续三次未参加组织生活"]
