"""Booking the service menu: the walk booked → confirmed → served → rated, its history, and refusals."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from dangjian.core.workflow import Refused
from dangjian.services import actions
from dangjian.services.choices import BookingStatus
from dangjian.services.models import Booking, ServiceItem, ServiceSlot
from dangjian.testing import world


def _slot(org, days=2):
    item = ServiceItem.objects.filter(organization=org).first()
    start = timezone.now() + timedelta(days=days)
    return ServiceSlot.objects.create(item=item, starts_at=start, ends_at=start + timedelta(hours=1))


def _steps(obj):
    return [(e.action, e.actor.username if e.actor else None, (e.additional_data or {}).get("step"))
            for e in LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")]


def test_it_walks_a_booking_from_booked_to_served_with_one_history_entry_per_step(login, community_a):
    slot = _slot(community_a)
    resident, secretary = login("resident"), login("secretary_a")
    assert "预约成功" in resident.post(f"/p/slots/{slot.pk}/book/", {"note": "下午在家"}, follow=True).content.decode()
    booking = Booking.objects.get(slot=slot)
    assert (booking.resident.user.username, booking.note) == ("resident", "下午在家")
    secretary.post(f"/services/bookings/{booking.pk}/confirm/")
    secretary.post(f"/services/bookings/{booking.pk}/serve/")
    resident.post(f"/p/bookings/{booking.pk}/rate/", {"stars": "5"})
    booking.refresh_from_db()
    assert (booking.status, booking.rating) == (BookingStatus.SERVED, 5)
    assert _steps(booking) == [
        (LogEntry.Action.CREATE, "resident", None),
        (LogEntry.Action.UPDATE, "secretary_a", "确认预约"),
        (LogEntry.Action.UPDATE, "secretary_a", "完成服务"),
        (LogEntry.Action.UPDATE, "resident", "评价"),
    ]
    served = LogEntry.objects.get_for_object(booking).get(additional_data__step="完成服务")
    assert served.changes_dict["status"] == ["confirmed", "served"]


def test_it_refuses_steps_out_of_order_in_chinese_and_changes_nothing(login, community_a):
    booking = actions.book(world.user("resident"), (slot := _slot(community_a)).item, slot)
    page = login("secretary_a").post(f"/services/bookings/{booking.pk}/serve/", follow=True).content.decode()
    assert "该预约当前状态为“已预约”，不能进行此操作" in page
    early = login("resident").post(f"/p/bookings/{booking.pk}/rate/", {"stars": "5"}, follow=True).content.decode()
    assert "服务完成后才能评价" in early
    booking.refresh_from_db()
    assert (booking.status, booking.rating) == (BookingStatus.BOOKED, None)
    assert list(LogEntry.objects.get_for_object(booking).values_list("action", flat=True)) == [
        LogEntry.Action.CREATE]


def test_it_keeps_a_rating_between_one_and_five_stars(community_a):
    resident = world.user("resident")
    slot = _slot(community_a)
    booking = Booking.objects.create(slot=slot, resident=resident.person, status=BookingStatus.SERVED)
    with pytest.raises(Refused, match="评价为 1 到 5 星"):
        actions.rate_booking(resident, booking, 9)
    with pytest.raises(Refused, match="只能评价自己的预约") as refused:
        actions.rate_booking(world.user("volunteer"), booking, 5)
    assert refused.value.status == 403
    booking.refresh_from_db()
    assert booking.rating is None


def test_it_leaves_bookings_to_the_community_that_serves_them(login, community_a):
    booking = actions.book(world.user("resident"), (slot := _slot(community_a)).item, slot)
    assert login("secretary_b").post(f"/services/bookings/{booking.pk}/confirm/").status_code == 404
    assert login("resident").post(f"/services/bookings/{booking.pk}/confirm/").status_code == 404
    assert login("cadre").post(f"/services/bookings/{booking.pk}/confirm/").status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.BOOKED
    listed = login("secretary_a").get("/services/bookings/").content.decode()
    assert f"/services/bookings/{booking.pk}/confirm/" in listed
    assert f"/services/bookings/{booking.pk}/confirm/" not in login("cadre").get("/services/bookings/").content.decode()


def test_it_refuses_past_slots_and_read_only_roles(login, community_a):
    past = _slot(community_a, days=-1)
    page = login("resident").post(f"/p/slots/{past.pk}/book/", follow=True).content.decode()
    assert "该时段已过" in page
    slot = _slot(community_a)
    assert login("cadre").post(f"/p/slots/{slot.pk}/book/").status_code == 403
    response = login("cadre").post(f"/api/service-items/{slot.item_id}/book/", {"slot": slot.pk},
                                   content_type="application/json")
    assert response.status_code == 403 and "只能预约本社区的服务项目" in response.json()["detail"]
    assert not Booking.objects.filter(slot__in=[past, slot]).exists()


def test_it_books_through_the_api_and_answers_409_to_the_second_resident(login, community_a):
    slot = _slot(community_a)
    url = f"/api/service-items/{slot.item_id}/book/"
    assert login("resident").post(url, {"slot": slot.pk}, content_type="application/json").status_code == 201
    late = login("volunteer").post(url, {"slot": slot.pk}, content_type="application/json")
    assert late.status_code == 409 and late.json()["detail"] == "该时段已被预约，请选择其他时段。"
    assert Booking.objects.get(slot=slot).resident.user.username == "resident"


@pytest.mark.parametrize("payload", [{"slot": "abc"}, {"slot": [1]}, {"slot": {"a": 1}}, {}])
def test_odd_api_bodies_get_400(login, community_a, payload):
    item = ServiceItem.objects.filter(organization=community_a).first()
    response = login("resident").post(f"/api/service-items/{item.pk}/book/", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请选择本服务项目的时段。", "slot": ["请选择本服务项目的时段。"]}


def test_it_adds_weekly_slots_for_the_items_own_community(login, community_a):
    item = ServiceItem.objects.filter(organization=community_a).first()
    start = (timezone.localtime() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    data = {"starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "repeat_weeks": 3}
    before = ServiceSlot.objects.filter(item=item).count()
    assert login("cadre").post(f"/services/menu/{item.pk}/slots/", data).status_code == 403
    assert login("secretary_b").post(f"/services/menu/{item.pk}/slots/", data).status_code == 404
    assert ServiceSlot.objects.filter(item=item).count() == before
    page = login("secretary_a").post(f"/services/menu/{item.pk}/slots/", data, follow=True).content.decode()
    assert "已添加 3 个可预约时段" in page
    weekly = [start + timedelta(weeks=w) for w in range(3)]
    assert ServiceSlot.objects.filter(item=item).count() == before + 3
    added = ServiceSlot.objects.filter(item=item, starts_at__in=weekly).values_list("starts_at", flat=True)
    assert sorted(added) == weekly
    with pytest.raises(Refused, match="结束时间应晚于开始时间"):
        actions.add_slots(world.user("secretary_a"), item, start, start, 1)
