"""Positions (阵地), rooms, standing services and room bookings: scoping, booking rules, pages and API."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangjian.assessment.positions import actions as booking
from dangjian.assessment.positions.models import Position, PositionLevel, Room, RoomBooking, StandingService
from dangjian.core.workflow import Refused
from dangjian.testing import world
from dangjian.testing.browser_form import main_form


def _at(days, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _position(org, name, level=PositionLevel.COMMUNITY):
    position = Position.objects.create(organization=org, name=name, level=level, kind="service_centre")
    Room.objects.create(position=position, name="党员活动室", capacity=60)
    Room.objects.create(position=position, name="一站式服务大厅", bookable=False)
    return position


@pytest.fixture
def position_a(community_a):
    return _position(community_a, "测试党群服务中心A")


@pytest.fixture
def position_b(community_b):
    return _position(community_b, "测试党群服务中心B")


def _room(position, name="党员活动室"):
    return position.rooms.get(name=name)


def _book(user, room, org, start, end, purpose="主题党日"):
    return booking.book_room(user, room, org, start, end, purpose)


# --- scoping of the pages -------------------------------------------------------------------------


def test_it_answers_404_for_a_sibling_communitys_position_rooms_and_services(login, position_a, position_b):
    client = login("secretary_a")
    room_b = _room(position_b)
    service_b = StandingService.objects.create(position=position_b, name="义诊", since=date(2024, 1, 1))
    assert client.get(f"/assessment/positions/{position_a.pk}/").status_code == 200
    for url in (f"/assessment/positions/{position_b.pk}/", f"/assessment/positions/{position_b.pk}/edit/",
                f"/assessment/positions/{position_b.pk}/delete/", f"/assessment/positions/{position_b.pk}/rooms/add/",
                f"/assessment/positions/{position_b.pk}/services/add/", f"/assessment/rooms/{room_b.pk}/edit/",
                f"/assessment/standing-services/{service_b.pk}/edit/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/assessment/positions/{position_b.pk}/edit/",
                           {"organization": position_b.organization_id, "name": "改名", "level": "community",
                            "kind": "service_centre"})
    assert response.status_code == 404
    assert client.post(f"/assessment/positions/{position_b.pk}/delete/").status_code == 404
    position_b.refresh_from_db()
    assert position_b.name == "测试党群服务中心B"


def test_it_offers_only_organizations_the_user_may_place_a_position_under(login, community_a, community_b):
    client = login("secretary_a")
    data = {"name": "新阵地", "level": "community", "kind": "service_centre"}
    response = client.post("/assessment/positions/add/", {**data, "organization": community_b.pk})
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert not Position.objects.filter(name="新阵地").exists()
    response = client.post("/assessment/positions/add/", {**data, "organization": community_a.pk})
    assert response.status_code == 302
    assert Position.objects.get(name="新阵地").organization == community_a


def test_it_refuses_a_level_that_does_not_match_the_organization(login, community_a):
    response = login("street_admin").post("/assessment/positions/add/", {
        "organization": community_a.pk, "name": "错层级", "level": "committee", "kind": "exhibition"})
    assert "街道级阵地须属于街道党工委" in response.content.decode()
    assert not Position.objects.filter(name="错层级").exists()


def test_it_lists_searches_filters_and_exports_positions(login, position_a, position_b):
    client = login("secretary_a")
    page = client.get("/assessment/positions/", {"q": "测试党群", "level": "community"}).content.decode()
    assert "测试党群服务中心A" in page and "测试党群服务中心B" not in page
    assert "测试党群服务中心A" not in client.get("/assessment/positions/", {"level": "square"}).content.decode()
    export = client.get("/assessment/positions/", {"q": "测试党群", "format": "xlsx"})
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_it_adds_rooms_and_services_and_shows_revoked_services_as_such(login, position_a):
    client = login("secretary_a")
    response = client.post(f"/assessment/positions/{position_a.pk}/rooms/add/",
                           {"name": "儿童之家", "function": "四点半课堂", "capacity": 25, "bookable": "on"})
    assert response.status_code == 302 and _room(position_a, "儿童之家").bookable
    response = client.post(f"/assessment/positions/{position_a.pk}/services/add/",
                           {"name": "法律咨询", "schedule": "每周三下午", "since": "2023-01-01"})
    assert response.status_code == 302
    yesterday = timezone.localdate() - timedelta(days=1)
    StandingService.objects.create(position=position_a, name="老年人助餐", since=date(2022, 1, 1), until=yesterday)
    page = client.get(f"/assessment/positions/{position_a.pk}/").content.decode()
    assert "法律咨询" in page and "在办" in page and "已撤销" in page and "儿童之家" in page


def test_it_shows_the_next_seven_days_of_bookings_on_the_position_page(login, position_a, community_a):
    _book(world.user("secretary_a"), _room(position_a), community_a, _at(1, 9), _at(1, 11), "支委会学习")
    page = login("secretary_a").get(f"/assessment/positions/{position_a.pk}/").content.decode()
    assert "支委会学习" in page and "09:00–11:00" in page


def test_it_refuses_to_delete_a_position_with_upcoming_bookings(login, position_a, community_a):
    _book(world.user("secretary_a"), _room(position_a), community_a, _at(2, 9), _at(2, 10))
    client = login("secretary_a")
    response = client.post(f"/assessment/positions/{position_a.pk}/delete/", follow=True)
    assert "还有未开始的功能室预约" in response.content.decode()
    assert Position.objects.filter(pk=position_a.pk).exists()


# --- booking rules --------------------------------------------------------------------------------


def test_it_refuses_an_overlapping_booking_but_allows_the_adjacent_slot(position_a, community_a):
    user, room = world.user("secretary_a"), _room(position_a)
    first = _book(user, room, community_a, _at(1, 9), _at(1, 11))
    with pytest.raises(ValidationError, match="已被.*预约，请选择其他时间") as refused:
        _book(world.user("street"), room, community_a, _at(1, 10), _at(1, 12))
    assert community_a.name in str(refused.value)
    after = _book(user, room, community_a, _at(1, 11), _at(1, 12), "党课")
    assert after.pk != first.pk
    assert RoomBooking.objects.filter(room=room, cancelled_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ((-1, 9), (-1, 10), "开始时间已过"),
        ((1, 11), (1, 9), "结束时间须晚于开始时间"),
        ((1, 9), (1, 9), "结束时间须晚于开始时间"),
        ((1, 6), (1, 19), "不能超过12小时"),
    ],
)
def test_it_refuses_bad_times(position_a, community_a, start, end, message):
    with pytest.raises(ValidationError, match=message):
        _book(world.user("secretary_a"), _room(position_a), community_a, _at(*start), _at(*end))
    assert not RoomBooking.objects.filter(room__position=position_a).exists()


def test_it_refuses_rooms_not_open_for_booking_or_out_of_reach(position_a, position_b, community_a, community_b):
    user = world.user("secretary_a")
    with pytest.raises(ValidationError, match="暂不开放预约"):
        _book(user, _room(position_a, "一站式服务大厅"), community_a, _at(1, 9), _at(1, 10))
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        _book(user, _room(position_b), community_a, _at(1, 9), _at(1, 10))
    with pytest.raises(ValidationError, match="不能以该组织的名义预约"):
        _book(user, _room(position_a), community_b, _at(1, 9), _at(1, 10))
    with pytest.raises(Refused, match="您的角色不能预约功能室") as refused:
        _book(world.user("cadre"), _room(position_a), community_a, _at(1, 9), _at(1, 10))
    assert refused.value.status == 403
    assert not RoomBooking.objects.filter(room__position__in=[position_a, position_b]).exists()


def test_it_returns_the_same_booking_on_a_double_click(login, position_a, community_a):
    user, room = world.user("secretary_a"), _room(position_a)
    first = _book(user, room, community_a, _at(3, 14), _at(3, 16))
    assert _book(user, room, community_a, _at(3, 14), _at(3, 16)).pk == first.pk
    client = login("secretary_a")
    day = (timezone.localdate() + timedelta(days=4)).isoformat()
    data = {"room": room.pk, "date": day, "start": "09:00", "end": "10:30", "organization": community_a.pk,
            "purpose": "党员大会"}
    assert client.post("/assessment/bookings/add/", data).status_code == 302
    assert client.post("/assessment/bookings/add/", data).status_code == 302
    assert RoomBooking.objects.filter(room=room, purpose="党员大会").count() == 1


def test_it_shows_the_refusal_on_the_booking_form_and_saves_nothing(login, position_a, community_a):
    room = _room(position_a)
    _book(world.user("street"), room, community_a, _at(2, 9), _at(2, 11), "党工委调研")
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = login("secretary_a").post("/assessment/bookings/add/", {
        "room": room.pk, "date": day, "start": "10:00", "end": "12:00", "organization": community_a.pk,
        "purpose": "居民议事会"})
    assert response.status_code == 200
    assert "已被" in response.content.decode() and "请选择其他时间" in response.content.decode()
    assert not RoomBooking.objects.filter(room=room, purpose="居民议事会").exists()


def test_it_frees_the_slot_on_cancel_so_it_can_be_booked_again(login, position_a, community_a):
    room = _room(position_a)
    first = _book(world.user("secretary_a"), room, community_a, _at(5, 9), _at(5, 11))
    client = login("secretary_a")
    response = client.post(f"/assessment/bookings/{first.pk}/cancel/", follow=True)
    assert "已取消预约" in response.content.decode()
    first.refresh_from_db()
    assert first.cancelled_at is not None
    with pytest.raises(ValidationError, match="已取消"):
        booking.cancel_booking(world.user("secretary_a"), first)
    again = _book(world.user("street"), room, community_a, _at(5, 9), _at(5, 11), "重新预约")
    assert again.pk != first.pk and again.cancelled_at is None


def test_it_lets_only_the_booker_or_the_rooms_managers_cancel(login, position_a, position_b, community_a):
    mine = _book(world.user("secretary_a"), _room(position_a), community_a, _at(6, 9), _at(6, 10))
    with pytest.raises(Refused, match="只有预约人或功能室管理者") as refused:
        booking.cancel_booking(world.user("secretary_b"), mine)
    assert refused.value.status == 403
    assert login("secretary_b").post(f"/assessment/bookings/{mine.pk}/cancel/").status_code == 404
    assert booking.cancel_booking(world.user("street"), mine).cancelled_at is not None


def test_it_lists_upcoming_bookings_first_and_only_visible_ones(login, position_a, position_b, community_a,
                                                                 community_b):
    soon = _book(world.user("secretary_a"), _room(position_a), community_a, _at(1, 19), _at(1, 20), "最近的预约")
    _book(world.user("secretary_b"), _room(position_b), community_b, _at(1, 9), _at(1, 10), "和平社区的预约")
    client = login("secretary_a")
    rows = client.get("/assessment/bookings/").context["rows"]
    upcoming = [b for b, _ in rows if b.ends_at > timezone.now()]
    assert rows[0][0].ends_at > timezone.now() and upcoming == sorted(upcoming, key=lambda b: b.starts_at)
    page = client.get("/assessment/bookings/", {"room": soon.room_id}).content.decode()
    assert "最近的预约" in page and "和平社区的预约" not in page
    day = timezone.localdate() + timedelta(days=1)
    assert "最近的预约" in client.get("/assessment/bookings/", {"date": day.isoformat()}).content.decode()


def test_it_does_not_let_a_read_only_role_open_the_booking_form(login):
    assert login("cadre").get("/assessment/bookings/add/").status_code == 403


def test_a_branch_books_its_communitys_centre_and_sees_its_booking(login, community_a, community_b):
    branch_user = world.user("branch")
    centre_room = Room.objects.filter(position__organization=community_a, bookable=True).first()
    other_room = Room.objects.filter(position__organization=community_b, bookable=True).first()
    assert not Room.objects.visible_to(branch_user).filter(pk=centre_room.pk).exists()  # not theirs to manage
    assert Room.objects.bookable_for(branch_user).filter(pk=centre_room.pk).exists()
    assert not Room.objects.bookable_for(branch_user).filter(pk=other_room.pk).exists()
    org = branch_user.role_assignments.first().organization
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    made = _book(branch_user, centre_room, org, start, start + timedelta(hours=2), "支部主题党日")
    assert RoomBooking.objects.visible_to(branch_user).filter(pk=made.pk).exists()
    assert not RoomBooking.objects.visible_to(world.user("secretary_b")).filter(pk=made.pk).exists()
    assert "支部主题党日" in login("branch").get("/assessment/bookings/").content.decode()
    with pytest.raises(ValidationError):
        _book(branch_user, other_room, org, start, start + timedelta(hours=2), "越界预约")


# --- history ----------------------------------------------------------------------------------------


def test_it_records_who_booked_and_who_cancelled(login, position_a, community_a):
    secretary, admin = world.user("secretary_a"), world.user("street")
    made = _book(secretary, _room(position_a), community_a, _at(8, 9), _at(8, 11), "党员大会")
    response = login("street_admin").post(f"/assessment/bookings/{made.pk}/cancel/")
    assert response.status_code == 302
    entries = list(LogEntry.objects.get_for_object(made).order_by("pk"))
    assert [(e.action, e.actor) for e in entries] == [(LogEntry.Action.CREATE, secretary),
                                                      (LogEntry.Action.UPDATE, admin)]
    assert "cancelled_at" in entries[1].changes_dict and entries[1].changes_dict["cancelled_at"][0] == "None"
    assert entries[1].additional_data == {"step": "取消预约"}


def test_it_shows_the_cancel_button_only_where_the_cancel_would_be_accepted(login, position_a, community_a):
    mine = _book(world.user("secretary_a"), _room(position_a), community_a, _at(9, 9), _at(9, 10), "支委会")
    rows = dict(login("secretary_a").get("/assessment/bookings/", {"room": mine.room_id}).context["rows"])
    assert rows[mine] is True
    assert booking.may_cancel_booking(world.user("secretary_a"), mine)
    booking.cancel_booking(world.user("secretary_a"), mine)
    mine.refresh_from_db()
    rows = dict(login("secretary_a").get("/assessment/bookings/", {"room": mine.room_id}).context["rows"])
    assert rows[mine] is False and not booking.may_cancel_booking(world.user("secretary_a"), mine)
    assert not booking.may_cancel_booking(world.user("cadre"), mine)


# --- API ------------------------------------------------------------------------------------------


def test_it_books_through_the_api_and_answers_400_in_chinese_on_refusal(login, position_a, community_a):
    client = login("secretary_a")
    room = _room(position_a)
    payload = {"room": room.pk, "purpose": "主题党日", "starts_at": _at(7, 9).isoformat(),
               "ends_at": _at(7, 11).isoformat()}
    created = client.post("/api/room-bookings/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["organization"] == community_a.pk  # defaults to the user's own organization
    clash = client.post("/api/room-bookings/", {**payload, "starts_at": _at(7, 10).isoformat()},
                        content_type="application/json")
    assert clash.status_code == 400 and "请选择其他时间" in clash.json()["detail"]
    past = client.post("/api/room-bookings/", {**payload, "starts_at": _at(-2, 9).isoformat(),
                                               "ends_at": _at(-2, 10).isoformat()}, content_type="application/json")
    assert past.status_code == 400 and "开始时间已过" in past.json()["detail"]
    pk = created.json()["id"]
    assert client.post(f"/api/room-bookings/{pk}/cancel/").json()["cancelled_at"] is not None
    again = client.post(f"/api/room-bookings/{pk}/cancel/")
    assert again.status_code == 409 and "已取消" in again.json()["detail"]  # the state moved on: a conflict
    assert login("cadre").post("/api/room-bookings/", payload, content_type="application/json").status_code == 403
    assert login("secretary_b").post(f"/api/room-bookings/{pk}/cancel/").status_code == 404
    assert RoomBooking.objects.filter(room=room, cancelled_at__isnull=True).count() == 0


def test_it_serves_positions_with_rooms_and_current_services_in_scope(login, position_a, position_b):
    StandingService.objects.create(position=position_a, name="在办项目", since=date(2024, 1, 1))
    StandingService.objects.create(position=position_a, name="撤销项目", since=date(2020, 1, 1),
                                   until=date(2021, 1, 1))
    client = login("secretary_a")
    data = client.get(f"/api/positions/{position_a.pk}/").json()
    assert {r["name"] for r in data["rooms"]} == {"党员活动室", "一站式服务大厅"}
    assert [s["name"] for s in data["standing_services"]] == ["在办项目"]
    assert client.get(f"/api/positions/{position_b.pk}/").status_code == 404
    assert client.post("/api/positions/", {"name": "x"}, content_type="application/json").status_code == 405


def test_a_branch_books_its_communitys_centre_through_the_api_as_on_the_page(login, position_a, position_b):
    """The API's room choices are the rooms the branch may book (its community's), not only those it manages."""
    payload = {"room": _room(position_a).pk, "purpose": "支部主题党日", "starts_at": _at(8, 9).isoformat(),
               "ends_at": _at(8, 11).isoformat()}
    created = login("branch_secretary").post("/api/room-bookings/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    other = {**payload, "room": _room(position_b).pk}
    refused = login("branch_secretary").post("/api/room-bookings/", other, content_type="application/json")
    assert refused.status_code == 400 and "room" in refused.json()
    assert not RoomBooking.objects.filter(room=_room(position_b)).exists()


def test_a_branch_booking_its_communitys_room_lands_on_a_page_it_can_see(login, position_a, community_a):
    """A branch cannot open its community's position page; the booking sends it to the day's bookings."""
    client = login("branch_secretary")
    form_url = "/assessment/bookings/add/"
    page = client.get(form_url)
    assert page.status_code == 200
    data = main_form(page.content.decode(), form_url).data()
    room = _room(position_a)
    day = timezone.localdate() + timedelta(days=5)
    data.update({"room": str(room.pk), "date": day.isoformat(), "start": "14:00", "end": "15:30",
                 "purpose": "支部党员大会"})
    response = client.post(form_url, data)
    assert response.status_code == 302, response.context["form"].errors
    landing = client.get(response["Location"])
    assert landing.status_code == 200 and "支部党员大会" in landing.content.decode()
    assert client.get(position_a.get_absolute_url()).status_code == 404
    assert RoomBooking.objects.get(purpose="支部党员大会").organization.path.startswith(community_a.path)
    # and no link on the bookings page leads the branch to a page it may not open
    links = set(re.findall(r'href="([^"?#]+)"', landing.content.decode()))
    assert position_a.get_absolute_url() not in links
    for link in links - {"/logout/"}:
        if link.startswith("/assessment/"):
            assert client.get(link).status_code == 200, link
