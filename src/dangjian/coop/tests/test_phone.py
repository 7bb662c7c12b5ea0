"""In-service members on co-building activities, from the phone: sign up, scan the activity's code to check in
(once, within its window), and count in the community's participation figures; an activity of another
community or street does not exist for them."""

import re
from datetime import timedelta
from urllib.parse import urlparse

from auditlog.models import LogEntry
from django.utils import timezone

from dangjian.coop.models import ActivitySignup, JointActivity, SignupStatus
from dangjian.members.models import PartyMember
from dangjian.orgs import actions as org_actions
from dangjian.orgs.choices import OrgKind
from dangjian.testing import world
from dangjian.testing.browser_form import forms_in, main_form

from .helpers import in_service_members


def _reported(community):
    """The demo member, reported in to `community` (members/tests/test_reporting.py tests the scan itself)."""
    PartyMember.objects.filter(person__user__username="member").update(
        registered_community=community, registered_on=timezone.localdate())
    return PartyMember.objects.get(person__user__username="member")


def _activity(community, starts_in=timedelta(minutes=20), **extra):
    start = timezone.localtime() + starts_in
    return JointActivity.objects.create(organization=community, title=extra.pop("title", "楼道清洁共建（测试）"),
                                        date=start.date(), start_time=start.time().replace(microsecond=0),
                                        hours=2, place="3号楼下", **extra)


def _joined(community):
    """The figure 参加联创共建活动的在职党员 of the community, this year (as the report counts it)."""
    from datetime import date

    from dangjian.core import metrics

    year = timezone.localdate().year
    return metrics.value("joint_activity_members", metrics.Scope(world.user("secretary_a")), community,
                         date(year, 1, 1), date(year, 12, 31))


def _check_path(client, activity) -> str:
    sheet = client.get(f"/coop/activities/{activity.pk}/qr/").content.decode()
    return urlparse(re.search(r'data-testid="checkin-url">([^<]+)<', sheet).group(1)).path


def test_it_signs_a_member_up_and_checks_them_in_by_the_activity_code(login, community_a):
    member = _reported(community_a)
    activity = _activity(community_a, capacity=10)
    secretary = login("secretary_a")
    joined = _joined(community_a)
    phone = login("member")

    listing = phone.get("/p/cobuild/").content.decode()
    signup = next(f for f in forms_in(listing) if f.action == f"/p/cobuild/{activity.pk}/signup/")
    assert phone.post(signup.action, signup.data()).status_code == 302
    row = ActivitySignup.objects.get(activity=activity, member=member)
    assert row.status == SignupStatus.SIGNED_UP
    assert member.person.name in secretary.get(f"/coop/activities/{activity.pk}/").content.decode()

    path = _check_path(secretary, activity)
    page = phone.get(path)
    assert page.status_code == 200 and activity.title in page.content.decode()
    form = main_form(page.content.decode(), path)
    done = phone.post(path, form.data())
    assert done.status_code == 200 and "签到成功" in done.content.decode()
    row.refresh_from_db()
    assert row.status == SignupStatus.CHECKED_IN and row.via_qr and row.checked_in_at is not None
    assert member in activity.members.all()
    assert _joined(community_a) == joined + 1
    organizer = secretary.get(f"/coop/activities/{activity.pk}/").content.decode()
    assert re.search(r'data-testid="checked-in-count">1<', organizer) and "已签到（扫码）" in organizer

    again = phone.post(path, form.data())
    assert again.status_code == 200 and "无需重复扫码" in again.content.decode()
    assert ActivitySignup.objects.filter(activity=activity, member=member).count() == 1
    steps = [(e.additional_data or {}).get("step") for e in LogEntry.objects.get_for_object(row)]
    assert steps.count("扫码签到") == 1


def test_it_checks_in_a_member_who_came_without_signing_up(login, community_a):
    member = _reported(community_a)
    activity = _activity(community_a, starts_in=timedelta(minutes=-30))  # under way
    path = f"/p/cobuild/check/{activity.checkin_token}/"
    assert login("member").get(f"/p/cobuild/{activity.pk}/signup/").status_code == 405
    assert login("member").post(f"/p/cobuild/{activity.pk}/signup/").status_code == 302  # too late: a message
    assert not ActivitySignup.objects.filter(activity=activity).exists()
    assert "签到成功" in login("member").post(path).content.decode()
    assert ActivitySignup.objects.get(activity=activity, member=member).status == SignupStatus.CHECKED_IN


def test_it_refuses_a_scan_before_or_after_the_activity_window(login, community_a):
    _reported(community_a)
    early = _activity(community_a, starts_in=timedelta(hours=3), title="下午的共建活动")
    late = _activity(community_a, starts_in=timedelta(days=-1), title="昨天的共建活动")
    phone = login("member")
    page = phone.post(f"/p/cobuild/check/{early.checkin_token}/")
    assert page.status_code == 403 and "签到尚未开始" in page.content.decode()
    page = phone.get(f"/p/cobuild/check/{late.checkin_token}/")
    assert page.status_code == 403 and "签到已于" in page.content.decode()
    assert main_form(page.content.decode(), f"/p/cobuild/check/{late.checkin_token}/") is None
    assert not ActivitySignup.objects.filter(activity__in=[early, late]).exists()


def test_it_keeps_other_communities_and_streets_activities_out_of_reach(login, community_a, community_b):
    _reported(community_a)
    street2 = org_actions.create_organization(world.street().parent_org(), name="测试第二街道党工委",
                                              kind=OrgKind.STREET_COMMITTEE)
    far = org_actions.create_organization(street2, name="远方社区党委", kind=OrgKind.COMMUNITY_COMMITTEE)
    phone = login("member")
    for other in (_activity(community_b), _activity(far)):
        assert phone.get(f"/p/cobuild/check/{other.checkin_token}/").status_code == 404
        assert phone.post(f"/p/cobuild/check/{other.checkin_token}/").status_code == 404
        assert phone.post(f"/p/cobuild/{other.pk}/signup/").status_code == 404
        assert other.title not in phone.get("/p/cobuild/").content.decode() or other.organization == community_a
        assert not ActivitySignup.objects.filter(activity=other).exists()
    PartyMember.objects.filter(person__user__username="member").update(registered_community=None)
    mine = _activity(community_a)
    assert phone.get(f"/p/cobuild/check/{mine.checkin_token}/").status_code == 404  # not reported: not theirs
    staff = login("secretary_a").post(f"/p/cobuild/check/{mine.checkin_token}/")
    assert staff.status_code == 403 and "不是党员账号" in staff.content.decode()
    assert not ActivitySignup.objects.filter(activity=mine).exists()


def test_it_gives_the_last_place_to_one_member(login, community_a, community_b):
    member = _reported(community_a)
    rival = in_service_members(1, registered_with=community_a, working_in=community_b)[0]
    activity = _activity(community_a, capacity=1)
    ActivitySignup.objects.create(activity=activity, member=rival, signed_up_at=timezone.now())
    phone = login("member")
    assert "已报 1/1" in phone.get("/p/cobuild/").content.decode()
    response = phone.post(f"/p/cobuild/{activity.pk}/signup/", follow=True)
    assert "名额已满" in response.content.decode()
    assert not ActivitySignup.objects.filter(activity=activity, member=member).exists()
