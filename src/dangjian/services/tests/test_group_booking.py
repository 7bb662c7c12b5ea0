"""组团式 service: a group books a slot with its size and members' names, up to the slot's capacity; a double
click books once, and a cancelled group's seats go back to the slot."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dangjian.core.workflow import Refused
from dangjian.services import actions
from dangjian.services.choices import BookingStatus, ServiceMode
from dangjian.services.models import Booking, ServiceItem, ServiceSlot
from dangjian.testing import world


def _group_slot(org, capacity=5):
    item = ServiceItem.objects.create(organization=org, title="手工课堂（组团）", mode=ServiceMode.GROUP,
                                      group_capacity=capacity, free=True)
    start = timezone.now() + timedelta(days=2)
    return ServiceSlot.objects.create(item=item, starts_at=start, ends_at=start + timedelta(hours=1))


def test_it_books_a_group_with_its_members_and_counts_its_seats(login, community_a):
    slot = _group_slot(community_a)
    resident = login("resident")
    page = resident.get(f"/p/menu/{slot.item.pk}/").content.decode()
    assert 'name="group_size"' in page and 'name="members"' in page
    done = resident.post(f"/p/slots/{slot.pk}/book/", {"group_size": "3", "members": "张三\n李四\n王五"},
                         follow=True).content.decode()
    assert "预约成功" in done
    booking = Booking.objects.get(slot=slot)
    slot.refresh_from_db()
    assert (booking.group_size, booking.member_names, slot.seats_taken) == (3, ["张三", "李四", "王五"], 3)
    staff_page = login("secretary_a").get(slot.item.get_absolute_url()).content.decode()
    assert "张三、李四、王五" in staff_page and "3/5" in staff_page


def test_it_refuses_a_group_larger_than_the_seats_left_or_with_names_missing(login, community_a):
    slot = _group_slot(community_a, capacity=4)
    actions.book(world.user("volunteer"), slot.item, slot, size=3, members="甲、乙、丙")
    resident = login("resident")
    too_many = resident.post(f"/p/slots/{slot.pk}/book/", {"group_size": "2", "members": "张三\n李四"},
                             follow=True).content.decode()
    assert "余下名额 1 人" in too_many
    missing = resident.post(f"/p/slots/{slot.pk}/book/", {"group_size": "1", "members": ""},
                            follow=True).content.decode()
    assert "成员名单应列出全部 1 人的姓名" in missing
    slot.refresh_from_db()
    assert slot.seats_taken == 3 and Booking.objects.filter(slot=slot).count() == 1
    with pytest.raises(Refused, match="最多接待 4 人"):
        actions.book(world.user("resident"), slot.item, slot, size=5, members="甲、乙、丙、丁、戊")


def test_it_books_a_double_click_once_and_gives_back_a_cancelled_groups_seats(login, community_a):
    slot = _group_slot(community_a)
    resident = login("resident")
    data = {"group_size": "2", "members": "张三\n李四"}
    resident.post(f"/p/slots/{slot.pk}/book/", data)
    second = resident.post(f"/p/slots/{slot.pk}/book/", data, follow=True).content.decode()
    assert "您已预约该时段" in second
    slot.refresh_from_db()
    assert Booking.objects.filter(slot=slot).count() == 1 and slot.seats_taken == 2
    booking = Booking.objects.get(slot=slot)
    login("secretary_a").post(f"/services/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert (booking.status, slot.seats_taken) == (BookingStatus.CANCELLED, 0)
