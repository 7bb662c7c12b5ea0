from datetime import date
from decimal import Decimal

import pytest

from dangjian.core.models import Notification
from dangjian.members import actions
from dangjian.members.choices import AwardStatus, EntryStatus
from dangjian.members.models import Award, PartyMember, PointEntry, PointRule
from dangjian.members.stats import rank, yearly_points
from dangjian.testing import world


@pytest.fixture
def member(db):
    return world.user("member").person.party_member


def test_it_clips_automatic_points_at_the_yearly_cap_and_dedupes_by_source(member):
    PointEntry.objects.filter(member=member).delete()
    for i in range(25):
        actions.award_points(member, "volunteer_service", date(2031, 5, 1), f"activity:{i}", "志愿服务")
    actions.award_points(member, "volunteer_service", date(2031, 5, 1), "activity:0", "志愿服务")
    total = sum(e.points for e in PointEntry.objects.filter(member=member, date__year=2031))
    assert total == PointRule.objects.get(code="volunteer_service").yearly_cap == Decimal(30)
    assert PointEntry.objects.filter(member=member, source_key="activity:0").count() == 1


def test_it_counts_a_manual_entry_only_after_someone_else_approves_it(login, member):
    rule = PointRule.objects.get(code="mediation")
    client = login("branch")
    client.post("/members/points/add/", {"member": member.pk, "rule": rule.pk, "date": "2026-11-01",
                                         "reason": "调解楼上漏水纠纷"})
    entry = PointEntry.objects.get(member=member, rule=rule, reason="调解楼上漏水纠纷")
    assert entry.status == EntryStatus.PENDING
    before = yearly_points([member.pk], 2026)[member.pk]["total"]
    client.post(f"/members/points/{entry.pk}/decide/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING  # the recorder cannot approve their own entry
    login("secretary_a").post(f"/members/points/{entry.pk}/decide/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED
    assert yearly_points([member.pk], 2026)[member.pk]["total"] == before + rule.points


def test_it_ranks_with_ties_sharing_a_place():
    totals = {1: {"total": 90}, 2: {"total": 95}, 3: {"total": 90}, 4: {"total": 80}}
    assert rank(totals) == {2: 1, 1: 2, 3: 2, 4: 4}


def test_a_member_sees_only_their_own_ledger(login, member, community_a):
    client = login("member")
    other = PartyMember.objects.filter(branch=member.branch).exclude(pk=member.pk).first()
    for m in (member, other):
        actions.award_points(m, "volunteer_service", date(2026, 5, 1), "activity:test", "志愿服务")
    api = client.get("/api/point-entries/").json()["results"]
    assert api and {row["member"] for row in api} == {member.pk}
    assert client.get(f"/members/{other.pk}/").status_code == 404
    page = client.get("/me/points/", {"year": 2026}).content.decode()
    assert "参加志愿服务" in page


def test_a_branch_secretary_sees_their_branch_only(login, member, community_b):
    client = login("branch")
    rows = client.get("/api/party-members/").json()
    branches = {r["branch"] for r in rows["results"]}
    assert branches == {member.branch_id}
    other = PartyMember.objects.filter(branch__path__startswith=community_b.path).first()
    assert client.get(f"/members/{other.pk}/").status_code == 404
    assert client.get(f"/api/party-members/{other.pk}/").status_code == 404


def test_awards_are_approved_only_by_the_level_above(login, member):
    login("branch").post("/members/awards/nominate/", {"member": member.pk, "kind": "member_star", "year": 2031,
                                                       "reason": "带头参加志愿服务"})
    award = Award.objects.get(member=member, year=2031)
    assert award.proposer_org == member.branch
    login("branch").post(f"/members/awards/{award.pk}/decide/", {"decision": "approve"})
    award.refresh_from_db()
    assert award.status == AwardStatus.NOMINATED
    login("secretary_a").post(f"/members/awards/{award.pk}/decide/", {"decision": "approve", "note": "同意"})
    award.refresh_from_db()
    assert award.status == AwardStatus.APPROVED and award.decided_by.username == "secretary_a"
    assert Notification.objects.filter(user=member.person.user, key=f"award:{award.pk}").exists()


def test_a_bulletin_reaches_the_branch_members_and_records_who_read_it(login, member, community_a, community_b):
    response = login("secretary_a").post("/members/home/add/", {
        "organization": community_a.pk, "kind": "notice", "title": "关于召开组织生活会的通知", "body": "请准时参加"})
    assert response.status_code == 302
    from dangjian.members.models import Bulletin, BulletinRead

    bulletin = Bulletin.objects.get(title="关于召开组织生活会的通知")
    assert Notification.objects.filter(user=member.person.user, key=f"bulletin:{bulletin.pk}").exists()
    assert login("member").get(f"/members/home/{bulletin.pk}/").status_code == 200
    assert BulletinRead.objects.filter(bulletin=bulletin, user=member.person.user).count() == 1
    assert login("member").get(f"/members/home/{bulletin.pk}/").status_code == 200
    assert BulletinRead.objects.filter(bulletin=bulletin).count() == 1
    assert member.person.name in login("secretary_a").get(f"/members/home/{bulletin.pk}/").content.decode()
    assert login("secretary_b").get(f"/members/home/{bulletin.pk}/").status_code == 404


def test_the_api_signs_in_with_a_token(login, member):
    from django.utils import timezone

    branch = member.branch
    now = timezone.localtime()
    meeting = actions.create_meeting(None, branch, kind="theme_day", date=now.date(),
                                     start_time=now.time().replace(second=0, microsecond=0), place="室", topic="扫码")
    client = login("member")
    first = client.post("/api/meetings/checkin/", {"token": meeting.checkin_token}, content_type="application/json")
    second = client.post("/api/meetings/checkin/", {"token": meeting.checkin_token}, content_type="application/json")
    assert (first.json()["new"], second.json()["new"]) == (True, False)
    assert client.post("/api/meetings/checkin/", {"token": "x"}, content_type="application/json").status_code == 404
