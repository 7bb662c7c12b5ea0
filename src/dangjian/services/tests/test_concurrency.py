"""Simultaneous public actions against the real database (SQLite file or PostgreSQL): one winner."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.workflow import Refused
from dangjian.orgs.models import RoleAssignment
from dangjian.services import actions
from dangjian.services.choices import WishStatus
from dangjian.services.models import Activity, Booking, MicroWish, ServiceItem, ServiceSlot, Signup
from dangjian.testing.concurrency import race, seeded_community
from dangjian.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def seeded():
    return seeded_community()


def _race(n, func):
    return race(n, func, refusals=(Refused,))


def _users(n, community, role=Role.VOLUNTEER):
    """n accounts acting for themselves in `community`, each with a person record (who claims, signs up, books)."""
    User = get_user_model()
    users = []
    for i in range(n):
        user = User.objects.create_user(f"racer{i}", password=None)
        RoleAssignment.objects.create(user=user, organization=community, role=role, start=date(2020, 1, 1))
        PersonFactory(organization=community, user=user)
        users.append(user)
    return users


def test_fifty_simultaneous_claims_leave_one_claimant(seeded):
    resident = PersonFactory(organization=seeded)
    wish = MicroWish.objects.create(organization=seeded, resident=resident, content="新书包", category="study",
                                    status=WishStatus.PUBLISHED)
    users = _users(50, seeded)
    results, errors = _race(50, lambda i: actions.claim_wish(users[i], MicroWish.objects.get(pk=wish.pk)))
    wish.refresh_from_db()
    assert len(results) == 1 and len(errors) == 49
    assert all("已被认领" in e for e in errors)
    assert wish.status == WishStatus.CLAIMED and wish.claimed_by_id == results[0].claimed_by_id


def test_a_hundred_simultaneous_signups_fill_thirty_places(seeded):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_connections")
            assert int(cursor.fetchone()[0]) >= 150, "PostgreSQL needs max_connections >= 150 (see .ci/run)"
    now = timezone.now()
    activity = Activity.objects.create(organization=seeded, title="敬老", place="敬老院", capacity=30,
                                       starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=2),
                                       signup_opens=now - timedelta(hours=1), signup_closes=now + timedelta(days=1))
    users = _users(100, seeded, Role.RESIDENT)
    results, errors = _race(100, lambda i: actions.sign_up(users[i], Activity.objects.get(pk=activity.pk)))
    activity.refresh_from_db()
    assert len(results) == 30 and len(errors) == 70 and all("名额已满" in e for e in errors)
    assert Signup.objects.filter(activity=activity, cancelled_at__isnull=True).count() == 30 == activity.seats_taken
    assert {s.person.user_id for s in results} <= {u.pk for u in users}


def test_a_slot_booked_by_two_residents_at_once_goes_to_one(seeded):
    item = ServiceItem.objects.create(organization=seeded, title="理发", mode="appointment", free=True)
    start = timezone.now() + timedelta(days=1)
    slot = ServiceSlot.objects.create(item=item, starts_at=start, ends_at=start + timedelta(hours=1))
    users = _users(2, seeded, Role.RESIDENT)
    results, errors = _race(2, lambda i: actions.book(users[i], item, ServiceSlot.objects.get(pk=slot.pk)))
    assert len(results) == 1 and errors == ["该时段已被预约，请选择其他时段。"]
    assert Booking.objects.filter(slot=slot).count() == 1


def test_a_group_booking_double_clicked_books_once(seeded):
    item = ServiceItem.objects.create(organization=seeded, title="手工课堂", mode="group", group_capacity=10,
                                      free=True)
    start = timezone.now() + timedelta(days=1)
    slot = ServiceSlot.objects.create(item=item, starts_at=start, ends_at=start + timedelta(hours=1))
    user = _users(1, seeded, Role.RESIDENT)[0]
    results, errors = _race(2, lambda i: actions.book(user, item, ServiceSlot.objects.get(pk=slot.pk), size=3,
                                                      members="甲\n乙\n丙"))
    slot.refresh_from_db()
    assert len(results) == 1 and len(errors) == 1 and "已预约该时段" in errors[0]
    assert Booking.objects.filter(slot=slot).count() == 1 and slot.seats_taken == 3
