"""Regressions from the review of services and coop."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from dangjian.services import actions
from dangjian.services.choices import WishStatus
from dangjian.services.models import Activity, MicroWish, Registration, ServiceItem, Signup
from dangjian.testing import world

APPLY = {"wants": "resident", "name": "刘新", "phone": "13900002222", "username": "liuxin", "password": "Jumin#2026"}


def test_residents_and_volunteers_never_see_staff_records(login, community_a):
    Client().post("/register/", {**APPLY, "community": community_a.pk})
    registration = Registration.objects.get(username="liuxin")
    login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/", {"decision": "approve"})
    for username in ("liuxin", "resident", "volunteer"):
        client = login(username)
        for url in ("/services/registrations/", "/services/activities/", "/ledgers/problems/", "/ledgers/visits/",
                    "/coop/", "/services/activities/?format=xlsx"):
            response = client.get(url)
            if response.status_code == 404:  # a staff page: it does not exist for them
                continue
            if url.endswith("xlsx"):
                from io import BytesIO

                from openpyxl import load_workbook

                assert load_workbook(BytesIO(response.content)).active.max_row == 3, (username, url)
            else:
                assert response.context["paginator"].count == 0, (username, url)
        roles = client.get("/orgs/roles/").context["object_list"]
        assert {r.user.username for r in roles} <= {username}  # their own role only
    assert login("resident").get("/members/meetings/").context["paginator"].count == 0
    assert login("member").get("/members/meetings/").context["paginator"].count > 0


def test_nobody_claims_their_own_wish_and_read_only_roles_cannot_claim(login, community_a):
    resident = world.user("resident").person
    wish = MicroWish.objects.create(organization=community_a, resident=resident, content="收音机", category="daily",
                                    status=WishStatus.PUBLISHED)
    with pytest.raises(actions.Refused, match="自己的心愿"):
        actions.claim_wish(resident.user, wish)
    assert login("cadre").post(f"/api/wishes/{wish.pk}/claim/").status_code == 404
    assert login("volunteer").post(f"/api/wishes/{wish.pk}/claim/").status_code == 200


def test_hours_stay_within_the_activity(community_a):
    start = timezone.now() - timedelta(hours=2)
    activity = Activity.objects.create(organization=community_a, title="短活动", place="室", capacity=5,
                                       starts_at=start, ends_at=start + timedelta(minutes=30),
                                       signup_opens=start - timedelta(days=1), signup_closes=start)
    person = world.user("volunteer").person
    Signup.objects.create(activity=activity, person=person)
    actions.check(person.user, activity.checkin_token, now=start - timedelta(minutes=59))
    _, message = actions.check(person.user, activity.checkin_token, now=start + timedelta(minutes=89))
    assert Signup.objects.get(activity=activity, person=person).hours == Decimal("0.5")


def test_editing_an_activity_keeps_the_live_seat_count(login, community_a):
    now = timezone.now()
    activity = Activity.objects.create(organization=community_a, title="讲座", place="室", capacity=5,
                                       starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=2, hours=1),
                                       signup_opens=now - timedelta(days=1), signup_closes=now + timedelta(days=1))
    actions.sign_up(None, activity, world.user("volunteer").person)
    data = {"organization": community_a.pk, "title": "讲座（改）", "place": "室", "capacity": 0,
            "starts_at": activity.starts_at.strftime("%Y-%m-%dT%H:%M"), "ends_at": activity.ends_at.strftime(
                "%Y-%m-%dT%H:%M"), "signup_opens": activity.signup_opens.strftime("%Y-%m-%dT%H:%M"),
            "signup_closes": activity.signup_closes.strftime("%Y-%m-%dT%H:%M")}
    client = login("secretary_a")
    assert "名额不能少于" in client.post(f"/services/activities/{activity.pk}/edit/", data).content.decode()
    client.post(f"/services/activities/{activity.pk}/edit/", {**data, "capacity": 8})
    activity.refresh_from_db()
    assert (activity.title, activity.capacity, activity.seats_taken) == ("讲座（改）", 8, 1)


def test_a_phone_that_already_has_an_account_is_not_registered_again(login, community_a):
    member = world.user("member").person
    Client().post("/register/", {**APPLY, "phone": member.phone, "community": community_a.pk})
    registration = Registration.objects.get(username="liuxin")
    login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/", {"decision": "approve"})
    registration.refresh_from_db()
    assert not Client().post("/login/", {"username": "liuxin", "password": "Jumin#2026"}).status_code == 302


@pytest.mark.parametrize("payload", [{"slot": "abc"}, {"slot": [1]}, {"slot": {"a": 1}}])
def test_odd_api_bodies_get_400(login, community_a, payload):
    item = ServiceItem.objects.filter(organization=community_a).first()
    response = login("resident").post(f"/api/service-items/{item.pk}/book/", payload, content_type="application/json")
    assert response.status_code == 400
