"""在职党员到社区报到: the community prints its code, the in-service member scans it on the phone and confirms;
the report-in is kept with its date and history, the community sees the member, and who cannot report in
is told why in Chinese."""

import re
from urllib.parse import urlparse

from auditlog.models import LogEntry
from django.utils import timezone

from dangjian.members.models import PartyMember
from dangjian.members.reporting import report_token
from dangjian.testing.browser_form import main_form


def _member():
    return PartyMember.objects.select_related("registered_community").get(person__user__username="member")


def _reported(client) -> str:
    """The table of members who reported in, as the community's list shows it."""
    page = client.get("/members/report-ins/").content.decode()
    return page[page.index('data-testid="reportins"'):]


def _code_path(client, community) -> str:
    """The report-in address as the community's printed sheet shows it."""
    page = client.get(f"/members/report-ins/{community.pk}/qr/")
    assert page.status_code == 200 and community.name in page.content.decode()
    url = re.search(r'data-testid="report-url">([^<]+)<', page.content.decode()).group(1)
    return urlparse(url).path


def test_it_reports_an_in_service_member_in_by_the_community_code(login, community_a):
    member = _member()
    assert member.in_service and member.registered_community is None  # the seeded demo member
    secretary = login("secretary_a")
    listing = secretary.get("/members/report-ins/").content.decode()
    assert f"/members/report-ins/{community_a.pk}/qr/" in listing and member.person.name not in _reported(secretary)
    path = _code_path(secretary, community_a)

    phone = login("member")
    page = phone.get(path)
    assert page.status_code == 200 and community_a.name in page.content.decode()
    form = main_form(page.content.decode(), path)
    assert form is not None, "the page offers no 确认报到 button"
    done = phone.post(path, form.data())
    assert done.status_code == 200 and "报到成功" in done.content.decode()

    member = _member()
    assert member.registered_community == community_a and member.registered_on == timezone.localdate()
    steps = [(e.additional_data or {}).get("step") for e in LogEntry.objects.get_for_object(member)]
    assert steps.count("到社区报到") == 1
    assert member.person.name in _reported(secretary)
    assert "向" in phone.get("/p/member/").content.decode()  # the member's own page says where they reported

    again = phone.post(path, form.data())
    assert again.status_code == 409 and "无需重复报到" in again.content.decode()
    assert [(e.additional_data or {}).get("step") for e in LogEntry.objects.get_for_object(member)].count(
        "到社区报到") == 1


def test_it_gives_the_community_code_as_an_image_and_a_pdf(login, community_a, community_b):
    secretary = login("secretary_a")
    png = secretary.get(f"/members/report-ins/{community_a.pk}/qr.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    pdf = secretary.get(f"/members/report-ins/{community_a.pk}/qr.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert secretary.get(f"/members/report-ins/{community_b.pk}/qr.png").status_code == 404
    # the cadre reads the street, hands out no code
    assert login("cadre").get(f"/members/report-ins/{community_a.pk}/qr/").status_code == 403


def test_it_tells_who_cannot_report_in_why(login, community_a, community_b):
    path = f"/p/report/{report_token(community_a)}/"
    resident = login("resident").get(path)
    assert resident.status_code == 403 and "不是党员账号" in resident.content.decode()
    assert login("resident").post(path).status_code == 403

    assert login("member").get("/p/report/12:forged/").status_code == 404
    assert login("member").get(f"/p/report/{report_token(community_a)[:-2]}xx/").status_code == 404

    PartyMember.objects.filter(person__user__username="member").update(in_service=False)
    page = login("member").post(path)
    assert page.status_code == 403 and "不是在职党员" in page.content.decode()
    assert _member().registered_community is None

    PartyMember.objects.filter(person__user__username="member").update(
        in_service=True, registered_community=community_b, registered_on=timezone.localdate())
    page = login("member").get(path)
    assert "您已向" in page.content.decode() and community_b.name in page.content.decode()
    assert main_form(page.content.decode(), path) is None  # no button where the step would refuse
    assert login("member").post(path).status_code == 409
    assert _member().registered_community == community_b
