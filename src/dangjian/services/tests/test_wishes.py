"""The micro-wish workflow: who may do each step, its history, and refusals that change nothing."""

import os

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.models import Evidence
from dangjian.core.workflow import Refused, step
from dangjian.services import actions
from dangjian.services.choices import WishStatus
from dangjian.services.models import MicroWish
from dangjian.testing import world
from dangjian.testing.factories import PersonFactory

PHOTO = b"\x89PNG\r\n\x1a\n" + b"wish came true" * 20


def _photo(name="done.png"):
    return SimpleUploadedFile(name, PHOTO, content_type="image/png")


def _wish(org, status=WishStatus.PUBLISHED, resident=None, **fields):
    resident = resident or PersonFactory(organization=org)
    return MicroWish.objects.create(organization=org, resident=resident, content="一台收音机", category="daily",
                                    status=status, **fields)


def _files():
    root = os.path.join(settings.MEDIA_ROOT)
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def _steps(obj):
    return [(e.action, e.actor.username if e.actor else None, (e.additional_data or {}).get("step"))
            for e in LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")]


def test_it_walks_a_wish_from_submitted_to_confirmed_with_one_history_entry_per_step(login, community_a):
    resident, volunteer, secretary = login("resident"), login("volunteer"), login("secretary_a")
    assert resident.post("/p/wishes/new/", {"content": "想要一副老花镜", "category": "health"}).status_code == 302
    wish = MicroWish.objects.get(content="想要一副老花镜")
    assert (wish.organization, wish.resident.user.username) == (community_a, "resident")
    secretary.post(f"/services/wishes/{wish.pk}/publish/")
    volunteer.post(f"/p/wishes/{wish.pk}/claim/")
    volunteer.post(f"/p/wishes/{wish.pk}/fulfil/", {"photo": _photo()})
    resident.post(f"/p/wishes/{wish.pk}/confirm/")
    wish.refresh_from_db()
    assert wish.status == WishStatus.CONFIRMED and wish.claimed_by.username == "volunteer" and wish.photo
    assert _steps(wish) == [
        (LogEntry.Action.CREATE, "resident", None),
        (LogEntry.Action.UPDATE, "secretary_a", "审核发布"),
        (LogEntry.Action.UPDATE, "volunteer", "认领"),
        (LogEntry.Action.UPDATE, "volunteer", "登记实现"),
        (LogEntry.Action.UPDATE, "resident", "确认实现"),
    ]
    claimed = LogEntry.objects.get_for_object(wish).get(additional_data__step="认领")
    assert claimed.changes_dict["status"] == ["published", "claimed"]


def test_it_refuses_to_let_anyone_claim_their_own_wish(login, community_a):
    person = world.user("resident").person
    wish = _wish(community_a, resident=person)
    with pytest.raises(Refused, match="不能认领自己的心愿") as refused:
        actions.claim_wish(person.user, wish)
    assert refused.value.status == 403
    assert login("resident").post(f"/p/wishes/{wish.pk}/claim/").status_code == 403
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED and wish.claimed_by is None
    assert not LogEntry.objects.get_for_object(wish).filter(action=LogEntry.Action.UPDATE).exists()


@pytest.mark.parametrize("persona", ["cadre", "district_viewer", "secretary_a"])
def test_it_refuses_claims_by_staff_and_read_only_roles_acting_for_nobody(login, community_a, persona):
    wish = _wish(community_a)
    response = login(persona).post(f"/api/wishes/{wish.pk}/claim/")
    assert response.status_code == 403 and "认领" in response.json()["detail"]
    wish.refresh_from_db()
    assert wish.status == WishStatus.PUBLISHED and wish.claimed_by is None


def test_it_answers_409_to_the_second_claimant_and_keeps_the_first(login, community_a):
    wish = _wish(community_a)
    assert login("volunteer").post(f"/api/wishes/{wish.pk}/claim/").status_code == 200
    late = login("member").post(f"/api/wishes/{wish.pk}/claim/")
    assert late.status_code == 409 and "已被认领" in late.json()["detail"]
    wish.refresh_from_db()
    assert wish.claimed_by.username == "volunteer"


def test_it_lets_staff_record_a_claim_by_a_partner_unit_they_can_see(community_a):
    from dangjian.coop.models import PartnerUnit

    partner = PartnerUnit.objects.visible_to(world.user("secretary_a")).first()
    wish = _wish(community_a)
    with pytest.raises(Refused):
        actions.claim_wish(world.user("cadre"), wish, partner=partner)
    wish = actions.claim_wish(world.user("secretary_a"), wish, partner=partner)
    assert (wish.status, wish.claimed_partner, wish.claimed_by.username) == ("claimed", partner, "secretary_a")


def test_it_keeps_no_photo_when_someone_else_tries_to_fulfil(login, community_a):
    wish = _wish(community_a, status=WishStatus.CLAIMED, claimed_by=world.user("volunteer"))
    files, evidence = _files(), Evidence.objects.count()
    assert login("member").post(f"/p/wishes/{wish.pk}/fulfil/", {"photo": _photo("other.png")}).status_code == 403
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED and wish.photo is None
    assert _files() == files and Evidence.objects.count() == evidence


def test_it_removes_the_photo_of_a_fulfilment_that_lost_the_race(community_a):
    volunteer = world.user("volunteer")
    wish = _wish(community_a, status=WishStatus.CLAIMED, claimed_by=volunteer)
    stale = MicroWish.objects.get(pk=wish.pk)
    actions.fulfil_wish(volunteer, wish, [_photo("first.png")])  # the first submission went through
    files, evidence = _files(), Evidence.objects.count()
    with pytest.raises(Refused, match="已实现"), step():
        actions.fulfil_wish(volunteer, stale, [_photo("second.png")])  # a second tab, still showing "claimed"
    assert _files() == files and Evidence.objects.count() == evidence


def test_it_asks_for_the_photo_in_chinese_and_changes_nothing(login, community_a):
    wish = _wish(community_a, status=WishStatus.CLAIMED, claimed_by=world.user("volunteer"))
    response = login("volunteer").post(f"/p/wishes/{wish.pk}/fulfil/", follow=True)
    assert "请上传心愿实现的照片" in response.content.decode()
    wish.refresh_from_db()
    assert wish.status == WishStatus.CLAIMED


def test_it_keeps_review_to_the_wishs_own_community(login, community_a):
    wish = _wish(community_a, status=WishStatus.SUBMITTED)
    assert login("secretary_b").post(f"/services/wishes/{wish.pk}/publish/").status_code == 404
    assert login("volunteer").post(f"/services/wishes/{wish.pk}/publish/").status_code == 404
    assert login("cadre").post(f"/services/wishes/{wish.pk}/publish/").status_code == 403
    wish.refresh_from_db()
    assert wish.status == WishStatus.SUBMITTED
    page = login("secretary_a").post(f"/services/wishes/{wish.pk}/reject/", {"reason": "重复提交"}, follow=True)
    wish.refresh_from_db()
    assert (wish.status, wish.reject_reason) == (WishStatus.REJECTED, "重复提交") and "已退回" in page.content.decode()
    again = login("secretary_a").post(f"/services/wishes/{wish.pk}/publish/", follow=True).content.decode()
    assert "当前状态为“未通过”" in again
    wish.refresh_from_db()
    assert wish.status == WishStatus.REJECTED


def test_it_shows_the_staff_only_the_buttons_the_server_accepts(login, community_a):
    wish = _wish(community_a, status=WishStatus.SUBMITTED)
    assert "审核通过并发布" in login("secretary_a").get(f"/services/wishes/{wish.pk}/").content.decode()
    assert "审核通过并发布" not in login("cadre").get(f"/services/wishes/{wish.pk}/").content.decode()
    MicroWish.objects.filter(pk=wish.pk).update(status=WishStatus.PUBLISHED)
    assert "审核通过并发布" not in login("secretary_a").get(f"/services/wishes/{wish.pk}/").content.decode()


def test_it_offers_the_phone_wish_form_only_to_people_acting_for_themselves(login):
    page = login("cadre").get("/p/wishes/new/").content.decode()
    assert "只有本社区的居民、志愿者和党员可以在这里为自己许愿" in page and "提交心愿</button>" not in page
    assert login("cadre").post("/p/wishes/new/", {"content": "x", "category": "daily"}).status_code == 403
    assert "我要许愿" not in login("cadre").get("/p/").content.decode()
    assert "我要许愿" in login("resident").get("/p/").content.decode()
    before = MicroWish.objects.count()
    body = login("resident").post("/p/wishes/new/", {"content": " ", "category": "daily"}).content.decode()
    assert "该字段是必填项" in body and MicroWish.objects.count() == before


def test_it_places_a_residents_wish_only_in_their_own_community(community_a, community_b):
    user = world.user("resident")
    with pytest.raises(Refused, match="只能为本人在本社区许愿") as refused:
        actions.submit_wish(user, community_b, user.person, "想要一台收音机", "daily")
    assert refused.value.status == 403
    with pytest.raises(Refused, match="请写下心愿内容"):
        actions.submit_wish(user, community_a, user.person, "  ", "daily")
    assert not MicroWish.objects.filter(content="想要一台收音机").exists()
