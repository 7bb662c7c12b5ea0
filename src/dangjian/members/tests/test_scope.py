"""Who sees what of the members domain: a member their own rows, staff their subtree, files through records."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.members import actions
from dangjian.members.models import CareVisit, OrgLifeMeeting, PartyMember
from dangjian.people.models import Person
from dangjian.testing import world


@pytest.fixture
def member(db):
    return world.user("member").person.party_member


def test_a_member_sees_only_their_own_care_and_attendance(login, member):
    other = PartyMember.objects.filter(branch=member.branch).exclude(pk=member.pk).first()
    CareVisit.objects.create(member=other, kind="sick", date=date(2026, 3, 1), visitors="书记", given="慰问金")
    client = login("member")
    assert "慰问金" not in client.get("/members/care/").content.decode()
    meeting = actions.create_meeting(None, member.branch, kind="theme_day", date=date(2026, 3, 2),
                                     start_time="09:00", place="室", topic="学习")
    actions.set_attendance(world.user("branch"), meeting, other, "leave", "住院治疗")
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


def test_attachments_are_served_only_through_a_visible_record(login, member, community_b):
    photo = SimpleUploadedFile("合影.png", b"\x89PNG\r\n\x1a\n" + b"1" * 64, content_type="image/png")
    response = login("branch").post("/members/meetings/add/", {
        "organization": member.branch_id, "kind": "theme_day", "date": "2026-11-03", "start_time": "09:00",
        "duration_minutes": 60, "place": "室", "topic": "带照片的会议", "attachment_files": [photo]})
    meeting_url = response["Location"]
    meeting_id = int(meeting_url.rstrip("/").split("/")[-1])
    evidence = OrgLifeMeeting.objects.get(pk=meeting_id).attachments.get()
    url = f"/members/meetings/{meeting_id}/files/{evidence.pk}/"
    ok = login("secretary_a").get(url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"\x89PNG")
    # A download, never a page of this site: even a photo opened directly runs nothing at this origin.
    assert ok["Content-Disposition"].startswith("attachment")
    assert ok["Content-Security-Policy"].startswith("sandbox") and ok["X-Content-Type-Options"] == "nosniff"
    assert login("secretary_b").get(url).status_code == 404
    assert "/media/" not in login("secretary_a").get(meeting_url).content.decode()


@pytest.mark.parametrize("url", [
    "/members/trainings/stats/?year=99999", "/members/trainings/stats/?within=²", "/members/points/?year=0",
    "/members/points/?year=²", "/me/points/?year=0", "/members/trainings/?year=99999",
    "/members/care/?year=99999999999999999999", "/api/trainings/?year=99999", "/members/committees/add/?branch=abc",
    "/members/compliance/?within=²&month=2026-13",
])
def test_odd_query_strings_never_crash(login, url):
    assert login("street_admin").get(url).status_code in (200, 400, 404)
