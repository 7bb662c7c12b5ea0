"""Sessions are written only when they change, and idle ones still end (core.middleware.IdleSessionMiddleware).

A page view used to save the session (SESSION_SAVE_EVERY_REQUEST): an UPDATE of django_session per request.
Now a last-seen stamp, refreshed at most once a minute, keeps the idle rule; the clock is moved, never waited.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangjian.core.middleware import LAST_SEEN_SESSION_KEY
from dangjian.testing import clock

pytestmark = pytest.mark.django_db

PAGE = "/notifications/"


def _session_writes(client, url=PAGE) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    writes = [q["sql"] for q in ctx.captured_queries
              if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    return response.status_code, writes


def test_a_plain_page_view_writes_no_session(login):
    client = login("secretary_a")
    assert _session_writes(client)[0] == 200  # the first request stamps the session
    for _ in range(3):
        status, writes = _session_writes(client)
        assert status == 200 and writes == []
    assert not settings.SESSION_SAVE_EVERY_REQUEST


def test_the_last_seen_stamp_is_refreshed_at_most_once_a_minute(login):
    client = login("secretary_a")
    client.get(PAGE)
    stamped = client.session[LAST_SEEN_SESSION_KEY]
    start = timezone.now()
    with clock.at(start + timedelta(seconds=50)):
        assert _session_writes(client)[1] == []
    with clock.at(start + timedelta(seconds=70)):
        status, writes = _session_writes(client)
        assert status == 200 and len(writes) == 1
        assert client.session[LAST_SEEN_SESSION_KEY] >= stamped + 60


def test_a_session_in_use_outlives_the_idle_time(login):
    """Requests 50 s apart for twice the idle time: refreshed once a minute, the session never lapses."""
    client = login("member")
    start = timezone.now()
    steps = 2 * settings.SESSION_COOKIE_AGE // 50
    for i in range(steps):
        with clock.at(start + timedelta(seconds=50 * i)):
            assert client.get(PAGE).status_code == 200, f"signed out after {50 * i} s"


def test_an_idle_session_ends_after_the_idle_time(login):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = login("member")
    assert client.get(PAGE).status_code == 200
    assert client.session.get_expiry_age() == 30 * 60
    start = timezone.now()
    with clock.at(start + timedelta(minutes=29)):
        assert client.get(PAGE).status_code == 200
    with clock.at(start + timedelta(minutes=29) + timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)):
        response = client.get(PAGE)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_stamp_alone_signs_out_whatever_the_store_keeps(login):
    """The store's expiry was just moved on (a save), but the stamp says the person left 31 minutes ago: out —
    the rule holds for a store that keeps sessions longer (a cache, a signed cookie)."""
    client = login("member")
    client.get(PAGE)
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(timezone.now().timestamp()) - settings.SESSION_COOKIE_AGE - 60
    session.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get(PAGE).status_code == 302  # the session was ended, not only this request refused
