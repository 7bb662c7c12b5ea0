"""Main journey in a real browser: sign in, open the org tree, expand a node; usable at 375 px."""

import os

import pytest

from dangjian.testing.journey import sign_in

# A live server needs committed data: each test re-seeds the tiny world after the previous one's flush,
# and serialized_rollback brings back what migrations made (point rules, meeting requirements).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_it_logs_in_and_opens_the_org_tree(page):
    sign_in(page, "secretary_a")
    assert "东风社区党委" in page.inner_text("[data-testid=home-scope]")
    page.goto(page.base_url + "/orgs/tree/")
    tree = page.locator("[data-testid=org-tree]")
    assert tree.get_by_text("东风社区党委").count() >= 1
    assert tree.get_by_text("和平社区党委").count() == 0
    branch = tree.get_by_text("东风社区第一党支部")
    assert branch.is_visible()
    # Usable on a phone: nothing wider than the screen, and the menu opens.
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    page.click("button[aria-label=菜单]")
    page.locator("#dj-mobile-nav").get_by_role("link", name="人员").click()
    page.wait_for_url("**/people/")
    first_name = page.locator("[data-testid=person-rows] td a").first.inner_text()
    page.fill("input[name=q]", first_name)
    page.click("button[type=submit]")
    assert page.locator("[data-testid=person-rows] tbody tr").count() >= 1


def test_it_shows_a_clear_message_for_a_wrong_password(page):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", "secretary_a")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit]")
    assert "账号或密码不正确" in page.inner_text("body")


def test_a_member_signs_in_to_a_meeting_by_its_qr_link(page):
    from datetime import timedelta

    from django.utils import timezone

    from dangjian.members import actions
    from dangjian.members.choices import AttendanceStatus
    from dangjian.members.models import Attendance
    from dangjian.testing import world

    member = world.user("member").person.party_member
    now = timezone.localtime()
    meeting = actions.create_meeting(None, member.branch, kind="theme_day", date=now.date(),
                                     start_time=now.time().replace(second=0, microsecond=0), place="党群服务中心",
                                     topic="扫码签到演示")
    early = now - timedelta(hours=5)
    past = actions.create_meeting(None, member.branch, kind="group_meeting", date=early.date(),
                                  start_time=early.time().replace(second=0, microsecond=0), duration_minutes=60,
                                  place="党群服务中心", topic="已经结束的会议")
    sign_in(page, "member")
    page.goto(f"{page.base_url}/members/checkin/{meeting.checkin_token}/")
    page.click("[data-testid=checkin-button]")
    assert "签到成功" in page.inner_text("[data-testid=checkin-message]")
    row = Attendance.objects.get(meeting=meeting, member=member)
    assert row.status == AttendanceStatus.PRESENT
    page.goto(f"{page.base_url}/members/checkin/{meeting.checkin_token}/")  # scanning again
    assert "无需重复" in page.inner_text("[data-testid=checkin-message]")
    row.refresh_from_db()
    assert row.status == AttendanceStatus.PRESENT
    page.goto(f"{page.base_url}/members/checkin/{past.checkin_token}/")
    assert "签到已于" in page.inner_text("[data-testid=checkin-message]")
    assert Attendance.objects.get(meeting=past, member=member).status == AttendanceStatus.ABSENT
    page.screenshot(path=os.path.join(os.environ.get("DANGJIAN_DATA_DIR", "/tmp"), "checkin-refused.png"))


def _shot(page, name):
    folder = os.path.join(os.environ.get("DANGJIAN_DATA_DIR", "/tmp"), "screenshots")
    os.makedirs(folder, exist_ok=True)
    page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def test_a_resident_books_a_service_on_a_phone(page):
    from dangjian.services.models import Booking

    sign_in(page, "resident")
    page.goto(page.base_url + "/p/")
    page.locator("[data-testid=menu-item]").first.click()
    _shot(page, "resident-menu-item")
    page.locator("[data-testid=book]").first.click()
    page.wait_for_url("**/p/mine/")
    assert "预约成功" in page.inner_text("body")
    assert page.locator("[data-testid=my-bookings] li").count() >= 1
    assert Booking.objects.filter(resident__user__username="resident").exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    _shot(page, "resident-booked")


def test_a_volunteer_claims_a_wish_on_a_phone(page):
    from dangjian.services.models import MicroWish

    sign_in(page, "volunteer")
    page.goto(page.base_url + "/p/")
    _shot(page, "volunteer-wish-board")
    page.locator("[data-testid=claim]").first.click()
    page.wait_for_url("**/p/mine/")
    assert "认领成功" in page.inner_text("body")
    assert MicroWish.objects.filter(claimed_by__username="volunteer", status="claimed").exists()
    _shot(page, "volunteer-claimed")


def test_the_committee_reads_the_annual_report_and_follows_a_number_to_its_rows(page):
    sign_in(page, "street")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + "/reports/annual/")
    _shot(page, "annual-report-preview")
    figure = page.locator("[data-figure]").first
    shown = figure.inner_text()
    figure.click()
    page.wait_for_url("**/reports/figures/**")
    # The rows page states the same number, and lists that many rows (or pages of them).
    assert page.inner_text("[data-testid=figure-value]").strip() == shown.strip()
    _shot(page, "annual-report-figure-rows")
    with page.expect_download() as download:
        page.goto(page.base_url + "/reports/annual/")
        page.click("[data-testid=download-docx]")
    assert download.value.suggested_filename.endswith(".docx")


def test_the_meeting_room_screen_draws_its_charts(page):
    sign_in(page, "street")
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(page.base_url + "/reports/dashboard/screen/")
    page.wait_for_selector("canvas")
    assert page.locator("canvas").count() >= 3
    _shot(page, "dashboard-screen")
