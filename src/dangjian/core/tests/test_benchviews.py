"""bench/compare.py's yardsticks (core/benchviews.py): absent unless DANGJIAN_BENCH_VIEWS=1; when served, the
minimal views show the list pages' own first 25 rows behind the same sign-in, the admin yardstick pages by 25
without changing the real admin, and the bare `SELECT 1` runs with no middleware."""

import io

import pytest
from django.contrib import admin
from django.test import override_settings
from django.test.client import RequestFactory
from django.urls import clear_url_caches

from dangjian.people.models import Person
from dangjian.testing import world

pytestmark = pytest.mark.django_db


class BenchURLs:
    """The project's URLs with the bench views, as urls.py builds them with DANGJIAN_BENCH_VIEWS=1."""

    from dangjian.core.benchviews import urlpatterns as bench
    from dangjian.urls import urlpatterns as project

    urlpatterns = [*project, *bench]


@pytest.fixture
def bench_urls():
    clear_url_caches()
    with override_settings(ROOT_URLCONF=BenchURLs, BENCH_VIEWS=True):
        yield
    clear_url_caches()


def _row_links(html: str, prefix: str) -> list[str]:
    import re

    return re.findall(rf'<a href="({prefix}\d+/)"', html)


def test_they_are_not_served_without_the_setting(login):
    client = login("street_admin")
    assert client.get("/bench/minimal/people/").status_code == 404
    assert client.get("/bench/admin/").status_code == 404


def test_the_minimal_view_shows_the_list_pages_first_rows_to_who_may_see_them(login, client, bench_urls):
    assert client.get("/bench/minimal/people/").status_code == 302  # signed out: to the sign-in page
    secretary = login("secretary_a")
    for page, minimal_url, prefix in [("/people/", "/bench/minimal/people/", "/people/"),
                                      ("/members/", "/bench/minimal/members/", "/members/")]:
        rows = [obj.get_absolute_url() for obj in secretary.get(page).context["object_list"]]
        minimal = _row_links(secretary.get(minimal_url).content.decode(), prefix)
        assert minimal == rows and 0 < len(minimal) <= 25
    visible = set(Person.objects.visible_to(world.user("secretary_a")).values_list("pk", flat=True))
    people = _row_links(secretary.get("/bench/minimal/people/").content.decode(), "/people/")
    assert {int(link.split("/")[2]) for link in people} <= visible


def test_the_admin_yardstick_pages_by_25_and_the_real_admin_keeps_its_size(client, bench_urls):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("bench_root", password="x")
    client.force_login(root)
    response = client.get("/bench/admin/people/person/")
    assert response.status_code == 200
    assert response.context["cl"].list_per_page == 25 and len(response.context["cl"].result_list) == 25
    assert client.get("/bench/admin/members/partymember/").context["cl"].list_per_page == 25
    assert admin.site._registry[Person].list_per_page == 100


def test_the_bare_view_runs_without_middleware(bench_urls):
    from django.core.signals import request_started
    from django.db import close_old_connections

    from dangjian.core.benchwsgi import BareHandler

    environ = RequestFactory()._base_environ(PATH_INFO="/bench/bare", REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    answered = {}
    request_started.disconnect(close_old_connections)  # as Django's test client does: keep the test's connection
    try:
        body = b"".join(BareHandler()(environ, lambda status, headers: answered.update(status=status,
                                                                                        headers=dict(headers))))
    finally:
        request_started.connect(close_old_connections)
    assert answered["status"].startswith("200") and body == b"ok"
    assert "Content-Security-Policy" not in answered["headers"]  # the project's middleware did not run
