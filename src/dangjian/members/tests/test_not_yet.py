"""What has not happened yet is not counted: a member is 缺席 only once the meeting is over, a meeting on
the calendar is not a meeting held, and the publisher opening a bulletin is not a member reading it."""

from datetime import time

from django.utils import timezone

from dangjian.members import actions
from dangjian.members.choices import MeetingKind
from dangjian.members.models import Attendance, Bulletin, BulletinRead
from dangjian.testing import world
from dangjian.testing.clock import pinned


def _meeting(at: time, day=None):
    branch = world.user("member").person.party_member.branch
    return actions.create_meeting(world.user("branch"), branch, kind=MeetingKind.THEME_DAY,
                                  date=day or timezone.localdate(), start_time=at, duration_minutes=90,
                                  place="党群服务中心", topic="学习党的二十届四中全会精神")


def _state_on_me_page(client, meeting) -> str:
    page = client.get("/me/meetings/").content.decode()
    start = page.index(meeting.topic)
    return page[start:page.index("</div></div>", start)]


def test_a_meeting_later_today_is_not_yet_missed_and_is_after_it_ended(login):
    today = timezone.localdate()
    with pinned(today, time(8)):
        meeting = _meeting(time(9))
        row = Attendance.objects.get(meeting=meeting, member__person__user__username="member")
        assert row.state_label() == "未开始"
        client = login("member")
        assert "缺席" not in _state_on_me_page(client, meeting)
    with pinned(today, time(9, 30)):
        assert row.state_label() == "待签到"
    with pinned(today, time(11)):
        assert row.state_label() == "缺席"
        assert "缺席" in _state_on_me_page(login("member"), meeting)


def test_the_branch_records_before_the_end_with_a_pending_choice_not_an_absence(login):
    with pinned(timezone.localdate(), time(8)):
        meeting = _meeting(time(9))
        page = login("branch").get(meeting.get_absolute_url()).content.decode()
        assert "待签到" in page and ">缺席<" not in page


def test_the_publishers_own_view_is_not_a_read(login, community_a):
    client = login("secretary_a")
    response = client.post("/members/home/add/", {"organization": community_a.pk, "kind": "notice",
                                                   "title": "关于开展冬季送温暖活动的通知", "body": "请各支部报名"})
    assert response.status_code == 302
    bulletin = Bulletin.objects.get(title="关于开展冬季送温暖活动的通知")
    client.get(bulletin.get_absolute_url())
    login("street_admin").get(bulletin.get_absolute_url())  # the level above checking it
    assert not BulletinRead.objects.filter(bulletin=bulletin).exists()
    login("member").get(bulletin.get_absolute_url())
    assert list(BulletinRead.objects.filter(bulletin=bulletin).values_list("user__username", flat=True)) == ["member"]
    page = client.get(bulletin.get_absolute_url()).content.decode()
    assert "已读党员 1 人" in page and world.user("member").person.name in page


def test_a_meeting_is_counted_as_held_only_once_it_has_ended(db):
    from dangjian.members.compliance import table

    branch = world.user("member").person.party_member.branch
    today = timezone.localdate()
    street = world.user("street")
    with pinned(today, time(8)):
        before = repr(table(street, branch, today.replace(day=1), today))
        _meeting(time(9))
        assert repr(table(street, branch, today.replace(day=1), today)) == before
    with pinned(today, time(11)):
        assert repr(table(street, branch, today.replace(day=1), today)) != before
