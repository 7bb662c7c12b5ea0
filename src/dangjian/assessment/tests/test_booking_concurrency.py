"""Simultaneous bookings of one room against the real database (SQLite file or PostgreSQL): one winner."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangjian.assessment.positions import actions as booking
from dangjian.assessment.positions.models import Position, Room, RoomBooking
from dangjian.core.roles import Role
from dangjian.orgs.models import RoleAssignment
from dangjian.testing.concurrency import race, seeded_community

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 10


@pytest.fixture
def seeded():
    return seeded_community()


@pytest.fixture
def room(seeded):
    position = Position.objects.create(organization=seeded, name="并发测试中心", level="community",
                                       kind="service_centre")
    return Room.objects.create(position=position, name="会议室")


def _race(n, func):
    return race(n, func, refusals=(ValidationError,))


def _secretaries(n, community):
    User = get_user_model()
    users = [User.objects.create_user(f"booker{i}", password="x") for i in range(n)]
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user=u, organization=community, role=Role.COMMUNITY_SECRETARY, start=timezone.localdate())
        for u in users
    ])
    return users


def _slot():
    day = timezone.localdate() + timedelta(days=1)
    return (timezone.make_aware(datetime.combine(day, time(9, 0))),
            timezone.make_aware(datetime.combine(day, time(11, 0))))


def test_it_gives_a_slot_booked_by_ten_people_at_once_to_one(seeded, room):
    users = _secretaries(N, seeded)
    start, end = _slot()
    results, errors = _race(N, lambda i: booking.book_room(
        users[i], Room.objects.get(pk=room.pk), seeded, start, end, f"第{i}个预约"))
    assert len(results) == 1 and len(errors) == N - 1
    assert all("已被" in e and "请选择其他时间" in e for e in errors)
    assert RoomBooking.objects.filter(room=room, cancelled_at__isnull=True).count() == 1


def test_it_makes_one_booking_of_ten_simultaneous_double_clicks(seeded, room):
    user = _secretaries(1, seeded)[0]
    start, end = _slot()
    results, errors = _race(N, lambda i: booking.book_room(user, Room.objects.get(pk=room.pk), seeded, start, end,
                                                           "党员大会"))
    assert errors == [] and len({b.pk for b in results}) == 1
    assert RoomBooking.objects.filter(room=room).count() == 1
