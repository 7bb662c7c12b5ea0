"""pytest fixtures shared by every app's tests (loaded from the root conftest)."""

import pytest
from django.test import Client

from dangjian.core import seeding

from . import clock, seeded, world
from .personas import PERSONAS


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """`one_database(vendor, why)`: skipped, before any of its fixtures, on the other database (CI runs the suite on
    both side by side; a test whose subject is not the database would only repeat itself)."""
    marker = item.get_closest_marker("one_database")
    if marker:
        from django.db import connection

        vendor, why = marker.args
        if connection.vendor != vendor:
            pytest.skip(f"runs on {vendor} only: {why}")


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
        seeded.remember()
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


@pytest.fixture(scope="session", autouse=True)
def one_middleware_chain():
    """A server process builds its middleware once; Django's test Client builds it anew for every client, and
    WhiteNoise's part of that reads the metadata of every static file (a tenth of a second, most of what a matrix
    test spent: ten personas, ten clients, each test). Clients share the chain the first one built, as requests
    of one server process do, until a setting changes (override_settings): then the next client builds afresh."""
    from django.core.signals import setting_changed
    from django.test.client import ClientHandler

    built: dict[bool, tuple] = {}
    original = ClientHandler.load_middleware
    parts = ("_middleware_chain", "_view_middleware", "_template_response_middleware", "_exception_middleware")

    def load_middleware(self, is_async=False):
        if is_async not in built:
            original(self, is_async)
            built[is_async] = tuple(getattr(self, name) for name in parts)
        for name, value in zip(parts, built[is_async], strict=True):
            setattr(self, name, value)

    def forget(**kwargs):
        built.clear()

    setting_changed.connect(forget, weak=False)
    ClientHandler.load_middleware = load_middleware
    yield
    ClientHandler.load_middleware = original
    setting_changed.disconnect(forget)


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


def signed_in(client: Client, user) -> None:
    """The session a sign-in leaves, written directly: one INSERT. Client.force_login goes through auth.login —
    a new session key, last_login saved, a sign-in line in the audit trail — a third of a matrix test's queries
    for ten personas; the sign-in itself is the journeys' and core/tests' to check, through the real form."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


@pytest.fixture
def login(db):
    """login("secretary_a") → a Client signed in as that persona (or any username)."""

    def make(persona: str) -> Client:
        client = Client()
        signed_in(client, world.user(PERSONAS.get(persona, persona)))
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
    """Debian's Chromium over the tiny world (a live server needs committed rows: the previous test's were
    flushed, so the world is put back — testing/seeded.py)."""
    from playwright.sync_api import sync_playwright

    from .journey import LAUNCH_ARGS, LAUNCH_ENV

    executable = _chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop
    seeded.ensure()
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
