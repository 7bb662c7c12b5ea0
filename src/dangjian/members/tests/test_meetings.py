from datetime import datetime, time, timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from dangjian.core.workflow import Refused
from dangjian.members import actions
from dangjian.members.choices import AttendanceStatus, MeetingKind
from dangjian.members.models import Attendance, OrgLifeMeeting, PartyMember, PointEntry
from dangjian.testing import world


@pytest.fixture
def member_user(db):
    return world.user("member")


@pytest.fixture
def meeting(member_user):
    branch = member_user.person.party_member.branch
    now = timezone.localtime()
    # The seeded year may already have filled the member's yearly attendance cap; these tests are about
    # one meeting's points, so start the year empty.
    PointEntry.objects.filter(member=member_user.person.party_member, rule__code=actions.ATTENDANCE_RULE,
                              date__year=now.year).delete()
    return actions.create_meeting(world.user("branch"), branch, kind=MeetingKind.THEME_DAY, date=now.date(),
                                  start_time=now.time().replace(second=0, microsecond=0), duration_minutes=90,
                                  place="党群服务中心", topic="重温入党誓词")


def test_it_expects_every_active_branch_member_at_a_new_meeting(meeting):
    expected = set(PartyMember.objects.active().filter(branch=meeting.organization).values_list("pk", flat=True))
    rows = Attendance.objects.filter(meeting=meeting)
    assert set(rows.values_list("member_id", flat=True)) == expected
    assert {r.status for r in rows} == {AttendanceStatus.ABSENT}


def test_it_signs_a_member_in_once_and_awards_points_once(login, meeting, member_user):
    client = login("member")
    url = f"/members/checkin/{meeting.checkin_token}/"
    assert "确认签到" in client.get(url).content.decode()
    assert "签到成功" in client.post(url).content.decode()
    row = Attendance.objects.get(meeting=meeting, member__person__user=member_user)
    assert row.status == AttendanceStatus.PRESENT and row.via_qr
    first_time = row.checked_in_at
    assert "无需重复" in client.post(url).content.decode()
    row.refresh_from_db()
    assert row.checked_in_at == first_time
    assert PointEntry.objects.filter(member=row.member, source_key=f"meeting:{meeting.pk}").count() == 1


def test_it_refuses_a_code_outside_its_window_with_a_message(meeting, member_user):
    start = timezone.make_aware(datetime.combine(meeting.date, meeting.start_time))
    with pytest.raises(Refused, match="签到已于") as late:
        actions.check_in(member_user, meeting.checkin_token, start + timedelta(hours=3))
    with pytest.raises(Refused, match="尚未开始") as early:
        actions.check_in(member_user, meeting.checkin_token, start - timedelta(hours=2))
    assert (late.value.status, early.value.status) == (403, 403)
    assert not Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).exists()


def test_it_records_who_signed_in_and_who_changed_the_sheet(login, meeting, member_user):
    login("member").post(f"/members/checkin/{meeting.checkin_token}/")
    row = Attendance.objects.get(meeting=meeting, member__person__user=member_user)
    login("branch").post(f"/members/meetings/{meeting.pk}/attendance/",
                         {f"status-{row.pk}": "leave", f"reason-{row.pk}": "临时出差"})
    steps = [(e.actor.username, e.additional_data["step"], e.changes["status"])
             for e in LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.UPDATE).order_by("pk")]
    assert steps == [("member", "扫码签到", ["absent", "present"]), ("branch", "登记出勤", ["present", "leave"])]


def test_it_refuses_the_attendance_sheet_to_members_and_read_only_roles(login, meeting, member_user):
    row = Attendance.objects.get(meeting=meeting, member__person__user=member_user)
    for persona in ("member", "cadre"):
        response = login(persona).post(f"/members/meetings/{meeting.pk}/attendance/", {f"status-{row.pk}": "present"})
        assert response.status_code in (403, 404)
    assert login("secretary_b").post(f"/members/meetings/{meeting.pk}/attendance/").status_code == 404
    row.refresh_from_db()
    assert row.status == AttendanceStatus.ABSENT
    assert "保存出勤" not in login("member").get(f"/members/meetings/{meeting.pk}/").content.decode()
    assert "保存出勤" in login("branch").get(f"/members/meetings/{meeting.pk}/").content.decode()


def test_deleting_a_meeting_through_the_api_takes_its_points(login, meeting, member_user):
    member = member_user.person.party_member
    actions.set_attendance(world.user("branch"), meeting, member, "present")
    assert PointEntry.objects.filter(source_key=f"meeting:{meeting.pk}").exists()
    assert login("branch").delete(f"/api/meetings/{meeting.pk}/").status_code == 204
    assert not PointEntry.objects.filter(source_key=f"meeting:{meeting.pk}").exists()


def test_it_refuses_a_member_of_another_branch_without_showing_the_meeting(login, meeting, community_b):
    other = PartyMember.objects.filter(branch__path__startswith=community_b.path).select_related("person").first()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("other_member", password="x")
    other.person.user = user
    other.person.save()
    client = login("other_member")
    response = client.post(f"/members/checkin/{meeting.checkin_token}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "不是您所在组织的会议" in body and meeting.topic not in body
    wrong = client.get("/members/checkin/nonsense-token/")
    assert wrong.status_code == 404 and wrong.content.decode().count("不是您所在组织的会议") == 1
    assert not Attendance.objects.filter(meeting=meeting, member=other).exists()


def test_it_moves_attendance_points_with_the_record(login, meeting, member_user):
    client = login("branch")
    row = Attendance.objects.get(meeting=meeting, member__person__user=member_user)
    client.post(f"/members/meetings/{meeting.pk}/attendance/", {f"status-{row.pk}": "present"})
    assert PointEntry.objects.filter(member=row.member, source_key=f"meeting:{meeting.pk}").exists()
    response = client.post(f"/members/meetings/{meeting.pk}/attendance/", {f"status-{row.pk}": "leave"})
    assert "请假须填写事由" in client.get(response["Location"]).content.decode()
    url = f"/members/meetings/{meeting.pk}/attendance/"
    client.post(url, {f"status-{row.pk}": "leave", f"reason-{row.pk}": "住院"})
    row.refresh_from_db()
    assert (row.status, row.reason) == (AttendanceStatus.LEAVE, "住院")
    assert not PointEntry.objects.filter(member=row.member, source_key=f"meeting:{meeting.pk}").exists()


def test_it_creates_a_meeting_through_the_form_with_attachments(login, member_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    branch = member_user.person.party_member.branch
    photo = SimpleUploadedFile("现场.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    response = login("branch").post("/members/meetings/add/", {
        "organization": branch.pk, "kind": "committee_meeting", "date": "2026-11-02", "start_time": "09:00",
        "duration_minutes": 60, "place": "会议室", "topic": "研究工作", "attachment_files": [photo]})
    assert response.status_code == 302, response.context["form"].errors
    meeting = OrgLifeMeeting.objects.get(topic="研究工作")
    assert meeting.attachments.get().name == "现场.png"


def test_it_rejects_an_executable_attachment(login, member_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    branch = member_user.person.party_member.branch
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = login("branch").post("/members/meetings/add/", {
        "organization": branch.pk, "kind": "committee_meeting", "date": "2026-11-02", "start_time": "09:00",
        "duration_minutes": 60, "place": "会议室", "topic": "带附件", "attachment_files": [bad]})
    assert "不支持的文件类型" in response.content.decode()
    assert not OrgLifeMeeting.objects.filter(topic="带附件").exists()


def test_it_counts_checkin_window_from_start_and_duration():
    m = OrgLifeMeeting(date=timezone.localdate(), start_time=time(9, 0), duration_minutes=60)
    opens, closes = m.checkin_window()
    assert (closes - opens) == timedelta(minutes=120)


def test_it_keeps_no_file_of_a_refused_meeting(login, member_user):
    """The photo is stored inside the step that saves the meeting: when a second file is refused, the first
    goes too — no meeting, no evidence row, no orphan file."""
    import hashlib

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.core.models import Evidence

    content = b"\x89PNG\r\n\x1a\n" + b"refused-step" * 8
    sha = hashlib.sha256(content).hexdigest()
    photo = SimpleUploadedFile("现场.png", content, content_type="image/png")
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = login("branch").post("/members/meetings/add/", {
        "organization": member_user.person.party_member.branch_id, "kind": "committee_meeting",
        "date": timezone.localdate().isoformat(), "start_time": "09:00", "duration_minutes": 60, "place": "会议室",
        "topic": "被拒绝的会议", "attachment_files": [photo, bad]})
    assert "不支持的文件类型" in response.content.decode()
    assert not OrgLifeMeeting.objects.filter(topic="被拒绝的会议").exists()
    assert not Evidence.objects.filter(sha256=sha).exists()
    assert not default_storage.exists(f"evidence/{sha[:2]}/{sha}.png")
