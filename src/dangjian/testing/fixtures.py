"""pytest fixtures shared by every app's tests (loaded from the root conftest)."""

import pytest
from django.test import Client

from dangjian.core import seeding

from . import clock, world
from .personas import PERSONAS


@pytest.fixture(scope="session", autouse=True)
def pinned_clock():
    """Every test runs on one known day (see testing/clock.py); the world below is seeded on it."""
    with clock.pinned():
        yield


@pytest.fixture(scope="session")
def django_db_setup(pinned_clock, django_db_setup, django_db_blocker):
    """Seed the tiny world once per run; each test then runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        seeding.run("tiny", out=lambda line: None)
        world.add_community_two_new()  # records of two-new organizations inside a community, for the matrices


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Seeding and logins hash passwords; tests need not pay 1M PBKDF2 rounds for each."""
    import os

    from django.test.utils import override_settings

    # No second factor, nor passwords that age while a test moves the clock months on: the tests of those
    # rules switch them on (core/tests/test_twofactor.py, test_password_policy.py), or the environment does.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                           TWO_FACTOR=os.environ.get("DANGJIAN_2FA") or "off",
                           PASSWORD_MAX_DAYS=int(os.environ.get("DANGJIAN_PASSWORD_MAX_DAYS") or 0)):
        yield


@pytest.fixture(scope="session", autouse=True)
def queue_inline():
    """Background tasks run where they are enqueued (huey's immediate mode, in memory): a test sees their effect
    at once and needs no worker. core/tests/test_queue.py switches to a real queue where that is the point."""
    from dangjian.core.queue import huey

    huey.immediate = True
    yield


@pytest.fixture(autouse=True)
def no_actor_left_behind():
    """django-auditlog's middleware sets the request's actor in a context variable and never resets it, so
    after a test client's request the actor stays for the rest of the thread: the next test's history (and
    audit trail) entries written outside a request named that account — one the previous test created and
    rolled back, an invalid foreign key. Each test ends with an empty context (no actor)."""
    yield
    from auditlog.context import auditlog_value

    auditlog_value.set({})


@pytest.fixture(autouse=True)
def no_pending_figure_marks():
    """Changes noted for the stored figures wait in the thread until a commit; a test's transaction is rolled
    back instead, so its notes would be flushed by the next test's first read (a query that test did not make)."""
    yield
    from dangjian.core import snapshots

    snapshots.forget_pending()


@pytest.fixture
def login(db):
    """login("secretary_a") → a Client signed in as that persona (or any username)."""

    def make(persona: str) -> Client:
        client = Client()
        client.force_login(world.user(PERSONAS.get(persona, persona)))
        return client

    return make


@pytest.fixture
def community_a(db):
    return world.community("a")


@pytest.fixture
def community_b(db):
    return world.community("b")


@pytest.fixture
def street(db):
    return world.street()


# --- a real browser (tests marked `browser`) -------------------------------------------------------------


def _chromium() -> str:
    import os
    import shutil

    from .journey import CHROMIUM

    found = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not found:
        if os.environ.get("DANGJIAN_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (apt-get install chromium chromium-l10n fonts-noto-cjk)")
        pytest.skip("chromium not installed")
    return found


@pytest.fixture
def browser(live_server, monkeypatch):
    """Debian's Chromium over a freshly seeded tiny world (a live server needs committed rows: the previous
    test's were flushed, so the world is seeded again)."""
    from playwright.sync_api import sync_playwright

    from .journey import LAUNCH_ARGS, LAUNCH_ENV

    executable = _chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop
    if not seeding.already_seeded():
        seeding.run("tiny", out=lambda line: None)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, env=LAUNCH_ENV)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """One page on a phone-sized screen (375 px), `page.base_url` set to the live server. Whatever the browser
    refused under the Content-Security-Policy while the test ran fails it (`page.csp_refusals`)."""
    from .journey import watch_csp

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN")
    refusals = watch_csp(context)
    pg = context.new_page()
    pg.base_url = live_server.url
    pg.csp_refusals = refusals
    yield pg
    context.close()
    assert not refusals, f"the Content-Security-Policy refused: {refusals}"
