"""Simultaneous sign-ups for a capped co-building activity, and simultaneous scans of its code by one member,
against the real database (SQLite file or PostgreSQL): the places are never overbooked, a member checks in once."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangjian.coop import signups
from dangjian.coop.models import ActivitySignup, JointActivity, SignupStatus
from dangjian.core.roles import Role
from dangjian.members.models import PartyMember
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.testing.concurrency import race, seeded_community
from dangjian.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 8


def _members(n, community):
    """n in-service members with accounts, reported in to `community`."""
    branch = Organization.objects.filter(path__startswith=community.path, kind="branch").order_by("path").first()
    User = get_user_model()
    users = []
    for i in range(n):
        user = User.objects.create_user(f"inservice{i}", password="x")
        RoleAssignment.objects.create(user=user, organization=branch, role=Role.MEMBER, start=date(2020, 1, 1))
        PartyMember.objects.create(person=PersonFactory(organization=branch, name=f"并发党员{i:02d}", user=user),
                                   branch=branch, join_date=date(2010, 7, 1), in_service=True,
                                   registered_community=community, registered_on=date(2020, 3, 1))
        users.append(user)
    return users


def _activity(community, starts_in, capacity=None):
    start = timezone.localtime() + starts_in
    return JointActivity.objects.create(organization=community, title="并发测试活动", date=start.date(),
                                        start_time=start.time().replace(microsecond=0), hours=2, capacity=capacity)


def test_it_gives_three_places_to_three_of_eight_members_signing_up_at_once():
    community = seeded_community()
    users = _members(N, community)
    activity = _activity(community, timedelta(hours=2), capacity=3)
    results, errors = race(N, lambda i: signups.sign_up(users[i], JointActivity.objects.get(pk=activity.pk)),
                           refusals=(ValidationError,))
    assert len(results) == 3 and len(errors) == N - 3
    assert all("名额已满" in e for e in errors)
    assert ActivitySignup.objects.filter(activity=activity, status=SignupStatus.SIGNED_UP).count() == 3


def test_it_checks_a_member_in_once_however_many_times_the_code_is_scanned_at_once():
    community = seeded_community()
    user = _members(1, community)[0]
    activity = _activity(community, timedelta(minutes=10))
    results, errors = race(N, lambda i: signups.check_in(user, JointActivity.objects.get(pk=activity.pk)),
                           refusals=(ValidationError,))
    assert errors == [] and sorted(new for _, new in results) == [False] * (N - 1) + [True]
    assert ActivitySignup.objects.filter(activity=activity).count() == 1
    assert activity.members.count() == 1
