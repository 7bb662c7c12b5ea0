from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from dangjian.core.models import Notification
from dangjian.core.workflow import Refused
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
    today = timezone.localdate()
    client.post("/members/points/add/", {"member": member.pk, "rule": rule.pk, "date": today.isoformat(),
                                         "reason": "调解楼上漏水纠纷"})
    entry = PointEntry.objects.get(member=member, rule=rule, reason="调解楼上漏水纠纷")
    assert entry.status == EntryStatus.PENDING
    before = yearly_points([member.pk], today.year)[member.pk]["total"]
    client.post(f"/members/points/{entry.pk}/decide/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING  # the recorder cannot approve their own entry
    login("secretary_a").post(f"/members/points/{entry.pk}/decide/", {"decision": "approve"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED
    assert yearly_points([member.pk], today.year)[member.pk]["total"] == before + rule.points


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


def _history(obj):
    """(actor, step, status change) of each history entry of obj, oldest first."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk")
    return [(e.actor.username if e.actor else None,
             "create" if e.action == LogEntry.Action.CREATE else (e.additional_data or {}).get("step"),
             e.changes_dict.get("status")) for e in entries]


def test_it_walks_a_nomination_to_approval_with_one_history_entry_per_step(login, member):
    login("branch").post("/members/awards/nominate/", {"member": member.pk, "kind": "member_star", "year": 2031,
                                                       "reason": "带头参加志愿服务"})
    award = Award.objects.get(member=member, year=2031)
    login("secretary_a").post(f"/members/awards/{award.pk}/decide/", {"decision": "approve", "note": "同意"})
    award.refresh_from_db()
    assert award.status == AwardStatus.APPROVED
    history = _history(award)
    assert [(actor, step) for actor, step, _ in history] == [("branch", "create"), ("secretary_a", "批准")]
    assert history[1][2] == ["nominated", "approved"]


def test_it_walks_a_manual_point_entry_to_approval_with_one_history_entry_per_step(login, member):
    rule = PointRule.objects.get(code="mediation")
    login("branch").post("/members/points/add/", {"member": member.pk, "rule": rule.pk,
                                                  "date": timezone.localdate().isoformat(), "reason": "调解邻里纠纷"})
    entry = PointEntry.objects.get(member=member, reason="调解邻里纠纷")
    login("secretary_a").post(f"/members/points/{entry.pk}/decide/", {"decision": "approve"})
    history = _history(entry)
    assert [(actor, step) for actor, step, _ in history] == [("branch", "create"), ("secretary_a", "审核通过")]
    assert history[1][2] == ["pending", "approved"]


def test_it_offers_the_decision_only_to_the_level_above_the_nominating_branch(login, member):
    award = actions.nominate(world.user("branch"), member, "member_star", 2031, "表现突出")
    assert award.proposer_org == member.branch
    assert not actions.may_decide_award(world.user("branch"), award)
    assert actions.may_decide_award(world.user("secretary_a"), award)
    own = login("branch").get("/members/awards/", {"year": 2031}).content.decode()
    above = login("secretary_a").get("/members/awards/", {"year": 2031}).content.decode()
    assert f"/members/awards/{award.pk}/decide/" not in own and 'value="approve"' not in own
    assert f"/members/awards/{award.pk}/decide/" in above and 'value="approve"' in above


@pytest.mark.parametrize("persona, status", [("branch", 403), ("cadre", 403), ("district_viewer", 403),
                                             ("member", 403), ("secretary_b", 404)])
def test_it_refuses_a_decision_on_an_award_and_changes_nothing(login, member, persona, status):
    from auditlog.models import LogEntry

    award = actions.nominate(world.user("branch"), member, "member_star", 2031, "表现突出")
    before = LogEntry.objects.count()
    response = login(persona).post(f"/members/awards/{award.pk}/decide/", {"decision": "approve"})
    assert response.status_code == status
    award.refresh_from_db()
    assert award.status == AwardStatus.NOMINATED and LogEntry.objects.count() == before


def test_it_refuses_to_decide_twice_or_about_oneself_in_chinese(login, member):
    award = actions.nominate(world.user("branch"), member, "member_star", 2031, "表现突出")
    secretary = world.user("secretary_a")
    member.person.user = secretary
    member.person.save()
    award.refresh_from_db()
    with pytest.raises(Refused, match="不能审批对自己") as own:
        actions.decide_award(secretary, award, True)
    assert own.value.status == 403
    actions.decide_award(world.user("street"), award, False, "名额已满")
    client = login("street_admin")
    response = client.post(f"/members/awards/{award.pk}/decide/", {"decision": "approve"}, follow=True)
    assert "该推荐已审批" in response.content.decode()
    award.refresh_from_db()
    assert (award.status, award.decision_note) == (AwardStatus.REJECTED, "名额已满")


def test_nobody_approves_points_about_themselves(member):
    rule = PointRule.objects.get(code="mediation")
    entry = actions.add_manual_points(world.user("branch"), member, rule, timezone.localdate(), "调解")
    with pytest.raises(Refused, match="您的角色不能审核"):
        actions.decide_points(member.person.user, entry, True)
    with pytest.raises(Refused, match="记分人不能审核自己录入的积分"):
        actions.decide_points(world.user("branch"), entry, True)
    secretary = world.user("secretary_a")  # a secretary who is also a member of a branch below
    member.person.user = secretary
    member.person.save()
    entry.refresh_from_db()
    with pytest.raises(Refused, match="不能审核自己的积分"):
        actions.decide_points(secretary, entry, True)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING and entry.approved_by is None


def test_it_asks_for_a_decision_instead_of_rejecting_an_empty_post(login, member):
    rule = PointRule.objects.get(code="mediation")
    entry = actions.add_manual_points(world.user("branch"), member, rule, timezone.localdate(), "调解")
    response = login("secretary_a").post(f"/members/points/{entry.pk}/decide/", {}, follow=True)
    assert "请选择“通过”或“不通过”" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_manual_points_respect_the_yearly_cap_when_approved(member):
    rule = PointRule.objects.get(code="show_identity")  # +2, cap 10
    spring = date(timezone.localdate().year - 2, 3, 1)  # a year the seeded ledger does not reach
    entries = [actions.add_manual_points(world.user("branch"), member, rule, spring, f"第{i}次") for i in range(7)]
    approver = world.user("secretary_a")
    for entry in entries[:5]:
        actions.decide_points(approver, entry, True)
    with pytest.raises(Refused, match="已达上限"):
        actions.decide_points(approver, entries[5], True)
    approved = PointEntry.objects.filter(member=member, rule=rule, status=EntryStatus.APPROVED)
    assert sum(e.points for e in approved) == rule.yearly_cap
