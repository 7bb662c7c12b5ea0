"""Regressions from the review of the members app: scope, self-approval, caps, hostile input."""

import zipfile
from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from dangjian.core.io import importer
from dangjian.members import actions, io
from dangjian.members.choices import AwardStatus, EntryStatus
from dangjian.members.models import CareVisit, PartyMember, PointEntry, PointRule
from dangjian.people.models import Person
from dangjian.testing import world

from .helpers import roster_rows, xlsx_upload


@pytest.fixture
def member(db):
    return world.user("member").person.party_member


def test_import_does_not_link_people_outside_the_users_scope(login, member, community_b):
    outsider = Person.objects.filter(organization__path__startswith=community_b.path).first()
    rows = roster_rows(1, member.branch.name)
    rows[0][1] = outsider.id_number
    rows[0][3] = outsider.get_gender_display()
    response = login("secretary_a").post("/members/import/", {"file": xlsx_upload(rows)})
    errors = response.context["result"].errors
    assert ("身份证号", io.OUTSIDE_SCOPE) in [(e.column, e.message) for e in errors]
    assert "token" not in response.context


def test_read_only_roles_and_the_nominee_cannot_approve_awards(login, member):
    award = actions.nominate(world.user("branch"), member, "member_star", 2031, "表现突出")
    for persona in ("cadre", "district_viewer"):
        login(persona).post(f"/members/awards/{award.pk}/decide/", {"decision": "approve"})
    award.refresh_from_db()
    assert award.status == AwardStatus.NOMINATED
    from django.core.exceptions import PermissionDenied

    secretary = world.user("secretary_a")
    member.person.user = secretary
    member.person.save()
    with pytest.raises(PermissionDenied, match="不能审批对自己"):
        actions.decide_award(secretary, award, True)


def test_nobody_approves_points_about_themselves(member):
    rule = PointRule.objects.get(code="mediation")
    entry = actions.add_manual_points(world.user("branch"), member, rule, date(2026, 1, 5), "调解")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="不能审核自己的积分"):
        actions.decide_points(member.person.user, entry, True)


def test_manual_points_respect_the_yearly_cap_when_approved(member):
    rule = PointRule.objects.get(code="show_identity")  # +2, cap 10
    entries = [actions.add_manual_points(world.user("branch"), member, rule, date(2026, 3, 1), f"第{i}次")
               for i in range(7)]
    approver = world.user("secretary_a")
    for entry in entries[:5]:
        actions.decide_points(approver, entry, True)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="已达上限"):
        actions.decide_points(approver, entries[5], True)
    approved = PointEntry.objects.filter(member=member, rule=rule, status=EntryStatus.APPROVED)
    assert sum(e.points for e in approved) == rule.yearly_cap


def test_a_member_sees_only_their_own_care_and_attendance(login, member):
    other = PartyMember.objects.filter(branch=member.branch).exclude(pk=member.pk).first()
    CareVisit.objects.create(member=other, kind="sick", date=date(2026, 3, 1), visitors="书记", given="慰问金")
    client = login("member")
    assert "慰问金" not in client.get("/members/care/").content.decode()
    meeting = actions.create_meeting(None, member.branch, kind="theme_day", date=date(2026, 3, 2),
                                     start_time="09:00", place="室", topic="学习")
    actions.set_attendance(None, meeting, other, "leave", "住院治疗")
    assert "住院治疗" not in client.get(f"/members/meetings/{meeting.pk}/").content.decode()
    api = client.get(f"/api/meetings/{meeting.pk}/").json()
    assert [a["member"] for a in api["attendance"]] == [member.pk] and "resolutions" not in api


def test_the_api_keeps_a_member_record_on_its_person_and_in_a_branch(login, member, community_a):
    client = login("branch")
    other = Person.objects.exclude(pk=member.person_id).filter(party_member__isnull=True).first()
    response = client.patch(f"/api/party-members/{member.pk}/", {"person": other.pk}, content_type="application/json")
    assert response.status_code in (400, 404)
    member.refresh_from_db()
    assert member.person.user.username == "member"
    response = login("secretary_a").patch(f"/api/party-members/{member.pk}/", {"branch": community_a.pk},
                                          content_type="application/json")
    assert response.status_code == 400 and "branch" in response.json()


def test_deleting_a_meeting_through_the_api_takes_its_points(login, member):
    # the seed may have filled the yearly attendance cap already
    PointEntry.objects.filter(member=member, rule__code=actions.ATTENDANCE_RULE, date__year=2026).delete()
    meeting = actions.create_meeting(None, member.branch, kind="theme_day", date=date(2026, 4, 2),
                                     start_time="09:00", place="室", topic="主题党日")
    actions.set_attendance(None, meeting, member, "present")
    assert PointEntry.objects.filter(source_key=f"meeting:{meeting.pk}").exists()
    assert login("branch").delete(f"/api/meetings/{meeting.pk}/").status_code == 204
    assert not PointEntry.objects.filter(source_key=f"meeting:{meeting.pk}").exists()


def test_a_sheet_that_claims_a_million_rows_is_read_quickly():
    wb = Workbook()
    ws = wb.active
    ws.append(io.HEADERS)
    ws.append(roster_rows(1, "某支部")[0])
    ws.cell(row=1_000_000, column=16000, value="x")
    buf = BytesIO()
    wb.save(buf)
    result = importer.read(SimpleUploadedFile("big.xlsx", buf.getvalue()), io.COLUMNS)
    assert len(result.rows) == 1


def test_a_damaged_workbook_gets_a_clear_message():
    buf = BytesIO()
    Workbook().save(buf)
    src = zipfile.ZipFile(BytesIO(buf.getvalue()))
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<broken" if item.filename.endswith("styles.xml") else data)
    with pytest.raises(importer.ImportFileError, match="无法读取"):
        importer.read(SimpleUploadedFile("bad.xlsx", out.getvalue()), io.COLUMNS)


@pytest.mark.parametrize("url", [
    "/members/trainings/stats/?year=99999", "/members/trainings/stats/?within=²", "/members/points/?year=0",
    "/members/points/?year=²", "/me/points/?year=0", "/members/trainings/?year=99999",
    "/members/care/?year=99999999999999999999", "/api/trainings/?year=99999", "/members/committees/add/?branch=abc",
    "/members/compliance/?within=²&month=2026-13",
])
def test_odd_query_strings_never_crash(login, url):
    assert login("street_admin").get(url).status_code in (200, 400, 404)


def test_attachments_are_served_only_through_a_visible_record(login, member, community_b):
    photo = SimpleUploadedFile("合影.png", b"\x89PNG\r\n\x1a\n" + b"1" * 64, content_type="image/png")
    response = login("branch").post("/members/meetings/add/", {
        "organization": member.branch_id, "kind": "theme_day", "date": "2026-11-03", "start_time": "09:00",
        "duration_minutes": 60, "place": "室", "topic": "带照片的会议", "attachment_files": [photo]})
    meeting_url = response["Location"]
    meeting_id = int(meeting_url.rstrip("/").split("/")[-1])
    from dangjian.members.models import OrgLifeMeeting

    evidence = OrgLifeMeeting.objects.get(pk=meeting_id).attachments.get()
    url = f"/members/meetings/{meeting_id}/files/{evidence.pk}/"
    ok = login("secretary_a").get(url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"\x89PNG")
    assert login("secretary_b").get(url).status_code == 404
    assert "/media/" not in login("secretary_a").get(meeting_url).content.decode()
