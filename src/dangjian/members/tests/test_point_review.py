"""双十规范: a member sees each line of their points on the phone and confirms it, or objects with a reason
that waits in the branch secretary's to-do list until answered (kept, or voided and no longer counted)."""

from dangjian.core import todo
from dangjian.core.models import Notification
from dangjian.members.choices import EntryStatus, MemberAck
from dangjian.members.models import PointEntry
from dangjian.members.stats import yearly_points
from dangjian.testing import world
from dangjian.testing.browser_form import forms_in


def _open_entries():
    return PointEntry.objects.filter(member__person__user__username="member", member_ack=MemberAck.UNSEEN,
                                     status=EntryStatus.APPROVED).order_by("-date", "-pk")


def _form(html, action):
    return next(f for f in forms_in(html) if f.action == action)


def test_it_lets_a_member_confirm_a_line_and_object_to_another(login):
    first, second = list(_open_entries()[:2])
    phone = login("member")
    page = phone.get(f"/p/member/points/?year={first.date.year}").content.decode()
    confirm = _form(page, f"/p/member/points/{first.pk}/confirm/")
    assert phone.post(confirm.action, confirm.data()).status_code == 302
    first.refresh_from_db()
    assert first.member_ack == MemberAck.CONFIRMED and first.ack_at is not None

    page = phone.get(f"/p/member/points/?year={second.date.year}").content.decode()
    dispute = _form(page, f"/p/member/points/{second.pk}/dispute/")
    data = dispute.data()
    data["objection"] = ""
    phone.post(dispute.action, data)
    second.refresh_from_db()
    assert second.member_ack == MemberAck.UNSEEN  # no reason, nothing changed
    data["objection"] = "那天我在外地出差，没有参加这次活动"
    phone.post(dispute.action, data)
    second.refresh_from_db()
    assert second.member_ack == MemberAck.DISPUTED and second.objection.startswith("那天我在外地")

    branch = world.user("branch")
    rows = todo.get("points_disputed").rows(branch)
    assert second in rows
    listing = login("branch").get("/todo/points_disputed/").content.decode()
    assert "那天我在外地出差" in listing
    assert second not in todo.get("points_disputed").rows(world.user("secretary_b"))  # another community's


def test_it_voids_a_disputed_line_when_the_secretary_agrees(login):
    entry = _open_entries().filter(points__gt=0).first()
    login("member").post(f"/p/member/points/{entry.pk}/dispute/", {"objection": "这次会议我请假了，没有参加"})
    year = entry.date.year
    before = yearly_points([entry.member_id], year)[entry.member_id]["total"]
    client = login("branch")
    page = client.get("/members/points/disputes/").content.decode()
    answer = _form(page, f"/members/points/{entry.pk}/answer/")
    data = answer.data({"name": "decision", "value": "void"})
    data["reply"] = "经核实确系请假，已撤销该笔积分"
    assert client.post(answer.action, data).status_code == 302
    entry.refresh_from_db()
    assert (entry.member_ack, entry.status) == (MemberAck.ANSWERED, EntryStatus.REJECTED)
    assert yearly_points([entry.member_id], year)[entry.member_id]["total"] == before - entry.points
    assert Notification.objects.filter(user__username="member", key=f"point-answer:{entry.pk}").exists()
    assert client.post(answer.action, data).status_code == 302  # answered already: a message, nothing new
    assert entry not in todo.get("points_disputed").rows(world.user("branch"))


def test_it_keeps_others_points_out_of_a_members_reach(login):
    other = PointEntry.objects.exclude(member__person__user__username="member").order_by("pk").first()
    before = (other.member_ack, other.ack_at)
    phone = login("member")
    assert phone.post(f"/p/member/points/{other.pk}/confirm/").status_code == 404
    mine = _open_entries().first()
    assert login("branch").post(f"/p/member/points/{mine.pk}/confirm/").status_code == 404  # not theirs to confirm
    other.refresh_from_db()
    mine.refresh_from_db()
    assert (other.member_ack, other.ack_at) == before
    assert mine.member_ack == MemberAck.UNSEEN
