"""Main journey in a real browser: sign in, open the org tree, expand a node; usable at 375 px."""

import os
import shutil

import pytest

from dangjian.core.seeding import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser


@pytest.fixture
def page(live_server, monkeypatch):
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        if os.environ.get("DANGJIAN_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (apt-get install chromium)")
        pytest.skip("chromium not installed")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
        pg = context.new_page()
        pg.base_url = live_server.url
        yield pg
        browser.close()


def _login(page, username):
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def test_it_logs_in_and_opens_the_org_tree(page):
    _login(page, "secretary_a")
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
