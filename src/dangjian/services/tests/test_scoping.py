"""What residents, volunteers and members see: their community's board and their own records, the same on
the phone pages and in the API, because both read the models' reach declarations."""

import re
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.services.choices import WishStatus
from dangjian.services.models import Activity, Booking, MicroWish, Registration, ServiceItem
from dangjian.testing import world
from dangjian.testing.factories import PersonFactory

APPLY = {"wants": "resident", "name": "刘新", "phone": "13900002222", "username": "liuxin", "password": "Jumin#2026"}


def _ids(html, attribute):
    return {int(x) for x in re.findall(rf'data-{attribute}="(\d+)"', html)}


def _published(org, content="一袋米和一桶油"):
    return MicroWish.objects.create(organization=org, resident=PersonFactory(organization=org), content=content,
                                    category="daily", status=WishStatus.PUBLISHED)


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
                assert load_workbook(BytesIO(response.content)).active.max_row == 3, (username, url)
            else:
                assert response.context["paginator"].count == 0, (username, url)
        roles = client.get("/orgs/roles/").context["object_list"]
        assert {r.user.username for r in roles} <= {username}  # their own role only
    assert login("resident").get("/members/meetings/").context["paginator"].count == 0
    assert login("member").get("/members/meetings/").context["paginator"].count > 0


@pytest.mark.parametrize("persona", ["resident", "volunteer", "member"])
def test_it_shows_on_the_phone_board_exactly_what_the_declarations_open(login, community_a, community_b, persona):
    mine = _published(community_a, "一个新书包")
    theirs = _published(community_b, "一副老花镜")
    user = world.user(persona)
    board = login(persona).get("/p/").content.decode()
    wishes = set(MicroWish.objects.visible_to(user).filter(status=WishStatus.PUBLISHED).values_list("pk", flat=True))
    assert _ids(board, "wish") == wishes and mine.pk in wishes and theirs.pk not in wishes
    assert _ids(board, "item") == set(ServiceItem.objects.visible_to(user).values_list("pk", flat=True))
    coming = Activity.objects.visible_to(user).filter(ends_at__gte=timezone.now())
    assert _ids(board, "activity") == set(coming.values_list("pk", flat=True))
    assert community_a.short_name in board


def test_it_lists_the_same_wishes_in_the_api_as_on_the_phone_board(login, community_a, community_b):
    mine, theirs = _published(community_a), _published(community_b)
    client = login("resident")
    board = _ids(client.get("/p/").content.decode(), "wish")
    api = client.get("/api/wishes/", {"page_size": 200}).json()["results"]
    assert {w["id"] for w in api if w["status"] == WishStatus.PUBLISHED} == board
    assert mine.pk in board and theirs.pk not in board
    assert {w["organization"] for w in api} == {community_a.pk}
    assert client.get(f"/api/wishes/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/wishes/{theirs.pk}/claim/").status_code == 404
    assert client.post(f"/p/wishes/{theirs.pk}/claim/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == WishStatus.PUBLISHED


def test_it_hides_the_claim_button_on_ones_own_wish(login, community_a):
    own = MicroWish.objects.create(organization=community_a, resident=world.user("resident").person,
                                   content="陪老人聊聊天", category="companion", status=WishStatus.PUBLISHED)
    board = login("resident").get("/p/").content.decode()
    assert f'data-wish="{own.pk}"' in board and f"/p/wishes/{own.pk}/claim/" not in board  # listed, no button
    assert f"/p/wishes/{own.pk}/claim/" in login("volunteer").get("/p/").content.decode()
    assert f"/p/wishes/{own.pk}/claim/" not in login("cadre").get("/p/").content.decode()


def test_a_resident_sees_only_their_own_community_and_bookings(login, community_a, community_b):
    client = login("resident")
    b_item = community_b.service_items.first()
    assert client.get(f"/p/menu/{b_item.pk}/").status_code == 404
    assert client.get(f"/api/service-items/{b_item.pk}/").status_code == 404
    other = Booking.objects.exclude(resident__user__username="resident").first()
    assert client.post(f"/p/bookings/{other.pk}/rate/", {"stars": "5"}).status_code == 404
    other.refresh_from_db()
    assert other.rating is None
    assert login("secretary_b").get(f"/services/menu/{community_a.service_items.first().pk}/").status_code == 404


def test_it_opens_the_check_in_page_only_for_activities_on_the_users_board(login, community_b):
    other = Activity.objects.filter(organization=community_b).first()
    assert login("volunteer").get(f"/p/check/{other.checkin_token}/").status_code == 404
    assert login("volunteer").post(f"/p/check/{other.checkin_token}/").status_code == 404
