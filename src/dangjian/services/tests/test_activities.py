"""Volunteer activities: sign-up and cancel, scan in and out, hours confirmed by the organizer, editing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from dangjian.core.workflow import Refused
from dangjian.services import actions
from dangjian.services.models import Activity, Signup
from dangjian.testing import world


def _activity(org, start, capacity=5, **kw):
    return Activity.objects.create(organization=org, title=kw.pop("title", "讲座"), place="活动室", capacity=capacity,
                                   starts_at=start, ends_at=kw.pop("ends_at", start + timedelta(hours=2)),
                                   signup_opens=start - timedelta(days=3), signup_closes=kw.pop("closes", start),
                                   **kw)


def _steps(obj):
    return [(e.actor.username if e.actor else None, (e.additional_data or {}).get("step"))
            for e in LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")]


def test_it_records_who_signed_up_scanned_and_confirmed(login, community_a):
    start = timezone.now() + timedelta(minutes=30)
    activity = _activity(community_a, start, closes=start + timedelta(hours=1))
    volunteer = login("volunteer")
    assert "报名成功" in volunteer.post(f"/p/activities/{activity.pk}/signup/", follow=True).content.decode()
    signup = Signup.objects.get(activity=activity, person__user__username="volunteer")
    assert "签到成功" in volunteer.post(f"/p/check/{activity.checkin_token}/").content.decode()
    user = world.user("volunteer")
    _, message = actions.check(user, activity, now=start + timedelta(minutes=95))
    assert message.startswith("签退成功，本次服务 1.5 小时")
    login("secretary_a").post(f"/services/activities/{activity.pk}/confirm/{signup.pk}/")
    signup.refresh_from_db()
    assert (signup.hours, signup.confirmed, signup.confirmed_by.username) == (Decimal("1.5"), True, "secretary_a")
    assert _steps(signup) == [("volunteer", None), ("volunteer", "签到"), ("volunteer", "签退"),
                              ("secretary_a", "确认时长")]


def test_it_frees_the_seat_of_a_cancelled_signup_and_keeps_the_history(login, community_a):
    start = timezone.now() + timedelta(days=2)
    activity = _activity(community_a, start, capacity=1)
    user = world.user("volunteer")
    signup = actions.sign_up(user, activity)
    with pytest.raises(Refused, match="名额已满") as full:
        actions.sign_up(world.user("member"), activity)
    assert full.value.status == 409
    assert "已取消报名" in login("volunteer").post(f"/p/signups/{signup.pk}/cancel/", follow=True).content.decode()
    activity.refresh_from_db()
    signup.refresh_from_db()
    assert activity.seats_taken == 0 and signup.cancelled_at is not None
    assert _steps(signup)[-1] == ("volunteer", "取消报名")
    assert actions.sign_up(world.user("member"), activity).person.user.username == "member"


def test_it_refuses_cancelling_someone_elses_or_a_checked_in_signup(login, community_a):
    start = timezone.now() + timedelta(minutes=30)
    activity = _activity(community_a, start, closes=start + timedelta(hours=1))
    signup = actions.sign_up(world.user("volunteer"), activity)
    assert login("member").post(f"/p/signups/{signup.pk}/cancel/").status_code == 404  # not theirs to see
    assert login("secretary_a").post(f"/p/signups/{signup.pk}/cancel/").status_code == 403
    actions.check(world.user("volunteer"), activity)
    page = login("volunteer").post(f"/p/signups/{signup.pk}/cancel/", follow=True).content.decode()
    assert "已签到或已取消的报名不能取消" in page
    signup.refresh_from_db()
    activity.refresh_from_db()
    assert signup.cancelled_at is None and activity.seats_taken == 1


def test_it_refuses_sign_ups_outside_the_window_and_from_staff(community_a):
    start = timezone.now() + timedelta(days=2)
    closed = _activity(community_a, start, closes=timezone.now() - timedelta(hours=1))
    with pytest.raises(Refused, match="不在报名时间内"):
        actions.sign_up(world.user("volunteer"), closed)
    with pytest.raises(Refused, match="只能报名本社区的志愿活动") as refused:
        actions.sign_up(world.user("cadre"), _activity(community_a, start))
    assert refused.value.status == 403
    assert not Signup.objects.filter(activity__title="讲座").exists()


def test_it_tells_a_scan_without_a_signup_why_and_offers_no_button(login, community_a):
    start = timezone.now() + timedelta(minutes=30)
    activity = _activity(community_a, start, closes=start + timedelta(hours=1))
    page = login("member").get(f"/p/check/{activity.checkin_token}/").content.decode()
    assert "您没有报名这个活动" in page and "签到 / 签退</button>" not in page
    response = login("member").post(f"/p/check/{activity.checkin_token}/")
    assert response.status_code == 403 and "您没有报名这个活动" in response.content.decode()
    assert login("cadre").post(f"/p/check/{activity.checkin_token}/").status_code == 403


def test_hours_stay_within_the_activity(community_a):
    start = timezone.now() - timedelta(hours=2)
    activity = _activity(community_a, start, ends_at=start + timedelta(minutes=30))
    person = world.user("volunteer").person
    Signup.objects.create(activity=activity, person=person)
    actions.check(person.user, activity, now=start - timedelta(minutes=59))
    actions.check(person.user, activity, now=start + timedelta(minutes=89))
    assert Signup.objects.get(activity=activity, person=person).hours == Decimal("0.5")


def test_it_confirms_hours_only_for_the_organizer_after_sign_out(login, community_a):
    start = timezone.now() - timedelta(hours=3)
    activity = _activity(community_a, start)
    signup = Signup.objects.create(activity=activity, person=world.user("volunteer").person)
    page = login("secretary_a").post(f"/services/activities/{activity.pk}/confirm/{signup.pk}/", follow=True)
    assert "尚未签退，不能确认时长" in page.content.decode()
    Signup.objects.filter(pk=signup.pk).update(checked_in_at=start, checked_out_at=start + timedelta(hours=1))
    assert login("cadre").post(f"/services/activities/{activity.pk}/confirm/{signup.pk}/").status_code == 403
    assert login("secretary_b").post(f"/services/activities/{activity.pk}/confirm/{signup.pk}/").status_code == 404
    signup.refresh_from_db()
    assert not signup.confirmed


def test_editing_an_activity_keeps_the_live_seat_count(login, community_a):
    now = timezone.now()
    activity = _activity(community_a, now + timedelta(days=2), closes=now + timedelta(days=1))
    actions.sign_up(world.user("volunteer"), activity)
    data = {"organization": community_a.pk, "title": "讲座（改）", "place": "室", "capacity": 0,
            "starts_at": activity.starts_at.strftime("%Y-%m-%dT%H:%M"), "ends_at": activity.ends_at.strftime(
                "%Y-%m-%dT%H:%M"), "signup_opens": activity.signup_opens.strftime("%Y-%m-%dT%H:%M"),
            "signup_closes": activity.signup_closes.strftime("%Y-%m-%dT%H:%M")}
    client = login("secretary_a")
    assert "名额不能少于" in client.post(f"/services/activities/{activity.pk}/edit/", data).content.decode()
    client.post(f"/services/activities/{activity.pk}/edit/", {**data, "capacity": 8})
    activity.refresh_from_db()
    assert (activity.title, activity.capacity, activity.seats_taken) == ("讲座（改）", 8, 1)
    assert _steps(activity)[-1] == ("secretary_a", "修改活动")


def test_it_refuses_a_capacity_below_seats_taken_meanwhile(community_a):
    """The form checked an old seat count; the action's own UPDATE sees the sign-up made since."""
    now = timezone.now()
    activity = _activity(community_a, now + timedelta(days=2), closes=now + timedelta(days=1))
    stale = Activity.objects.get(pk=activity.pk)
    actions.sign_up(world.user("volunteer"), activity)
    stale.capacity = 0
    with pytest.raises(Refused) as refused:
        actions.save_activity(world.user("secretary_a"), stale, {"capacity": 0, "title": "讲座（改）"})
    assert refused.value.message_dict == {"capacity": ["名额不能少于已报名人数。"]}
    activity.refresh_from_db()
    assert (activity.capacity, activity.title) == (5, "讲座")
    with pytest.raises(Refused, match="您的角色不能"):
        actions.save_activity(world.user("secretary_b"), activity, {"capacity": 9})


def test_it_creates_an_activity_in_the_organizers_own_community_only(login, community_a, community_b):
    start = (timezone.localtime() + timedelta(days=5)).replace(second=0, microsecond=0)
    fmt = "%Y-%m-%dT%H:%M"
    data = {"title": "义诊", "place": "卫生站", "capacity": 10, "starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=2)).strftime(fmt),
            "signup_opens": (start - timedelta(days=3)).strftime(fmt),
            "signup_closes": (start - timedelta(days=1)).strftime(fmt)}
    client = login("secretary_a")
    assert client.post("/services/activities/add/", {**data, "organization": community_a.pk}).status_code == 302
    activity = Activity.objects.get(title="义诊")
    assert (activity.organization, activity.created_by.username) == (community_a, "secretary_a")
    assert _steps(activity) == [("secretary_a", None)]
    client.post("/services/activities/add/", {**data, "title": "义诊（B）", "organization": community_b.pk})
    assert not Activity.objects.filter(title="义诊（B）").exists()
    assert login("cadre").post("/services/activities/add/", {**data, "organization": community_a.pk}).status_code == 403


def test_an_unchanged_save_keeps_times_stored_to_the_second(login, community_a):
    """The browser's picker shows minutes; a time stored with seconds (by the API, by the clock) comes back
    without them, and must not count as a change."""
    from dangjian.testing.browser_form import main_form

    start = (timezone.now() + timedelta(days=5)).replace(second=37, microsecond=120000)
    activity = _activity(community_a, start)
    Activity.objects.filter(pk=activity.pk).update(signup_opens=timezone.now() - timedelta(days=1))
    activity.refresh_from_db()
    entries = LogEntry.objects.get_for_object(activity).count()
    url = f"/services/activities/{activity.pk}/edit/"
    client = login("secretary_a")
    data = main_form(client.get(url).content.decode(), url).data()
    assert client.post(url, data).status_code == 302
    fresh = Activity.objects.get(pk=activity.pk)
    assert (fresh.starts_at, fresh.signup_opens) == (activity.starts_at, activity.signup_opens)
    assert LogEntry.objects.get_for_object(activity).count() == entries
    data["title"] = "讲座（改期）"
    data["starts_at"] = (timezone.localtime(start) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, data).status_code == 302
    fresh.refresh_from_db()
    assert fresh.title == "讲座（改期）" and fresh.starts_at.second == 0 and fresh.signup_opens == activity.signup_opens
