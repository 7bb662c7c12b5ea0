"""The write matrix: every persona × every registered page, form, action, export and download.

For each page of the registry (core/pages.py) and each persona:
- an object the persona cannot see (sampled through the model's reach declarations) answers 404 to
  a GET and to a POST (API: PATCH) — and nothing is written;
- a persona whose role is not among the page's writers (read-only, self-service, or staff of another
  level) is refused (403 or 404) when it posts to a form or action within its sight — nothing is written;
- anonymous users are sent to the login page (API: 401/403) — and nothing is written.

"Nothing is written" is checked on the SQL itself: no INSERT, UPDATE or DELETE reaches the database
except the session row the test client keeps. A second test fails on any named URL that is neither
registered nor exempted with a reason.
"""

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

from dangjian.core import reach
from dangjian.core.pages import EXEMPT, PAGES
from dangjian.core.roles import Role
from dangjian.testing import world
from dangjian.testing.personas import PERSONAS

pytestmark = pytest.mark.one_database(
    "sqlite", "who may write is decided by the scoping queries the read matrix runs on both databases")

PAGE_IDS = [f"{p.url_name}:{p.label}" for p in PAGES]
# Persona → the role it acts with in the seeded world.
ROLES = {
    "street_admin": Role.STREET_ADMIN, "cadre": Role.CADRE, "secretary_a": Role.COMMUNITY_SECRETARY,
    "secretary_b": Role.COMMUNITY_SECRETARY, "branch_secretary": Role.BRANCH_SECRETARY,
    "grid_worker": Role.GRID_WORKER, "member": Role.MEMBER, "volunteer": Role.VOLUNTEER,
    "resident": Role.RESIDENT, "district_viewer": Role.DISTRICT_VIEWER,
}
ALLOWED_WRITES = ("django_session",)  # the test client's own session; nothing of the platform's data


class Writes:
    """Collects the data-changing statements sent to the database while active."""

    def __init__(self):
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head in ("INSERT", "UPDATE", "DELETE") and not any(t in sql for t in ALLOWED_WRITES):
            self.statements.append(sql[:160])
        return execute(sql, params, many, context)


def _request(client, page, url, method):
    writes = Writes()
    with connection.execute_wrapper(writes):
        if method == "get":
            response = client.get(url)
        elif method == "patch":
            response = client.patch(url, data="{}", content_type="application/json")
        else:
            response = client.post(url, {})
    return response, writes.statements


def _write_method(page):
    return "patch" if page.api and page.kwargs is None and page.model is not None else "post"


def _outside(page, user):
    """An object of the page's model the user cannot see (preferably in the test street)."""
    qs = page.model.objects.exclude(pk__in=page.model.objects.visible_to(user).values("pk"))
    lookup = reach.home_lookup(page.model)
    near = page.sample_from(qs.filter(**{f"{lookup}__startswith": world.street().path})) if lookup else None
    return near or page.sample_from(qs)


def _inside(page, user):
    return page.sample_from(page.model.objects.visible_to(user))


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_outsiders_and_read_only_roles_change_nothing(login, client, page):
    problems = []
    method = _write_method(page)
    for persona, username in PERSONAS.items():
        user = world.user(username)
        c = login(persona)
        if page.model is not None:
            obj = _outside(page, user)
            if obj is not None:
                url = page.url_for(obj)
                checks = (["get"] if page.get else []) + ([method] if page.writes or not page.get else [])
                for m in checks:
                    response, writes = _request(c, page, url, m)
                    if response.status_code != 404 or writes:
                        problems.append((persona, m.upper(), url, response.status_code, writes[:2]))
        if page.writes and ROLES[persona] not in page.writer_roles:
            obj = _inside(page, user) if page.model is not None else None
            if page.model is not None and obj is None:
                continue
            url = page.url_for(obj)
            response, writes = _request(c, page, url, method)
            if response.status_code not in (403, 404) or writes:
                problems.append((persona, method.upper(), url, response.status_code, writes[:2]))
    # Anonymous: the sign-in page (pages) or 401/403 (API), for every method the page answers.
    obj = page.sample_from(page.model.objects.all()) if page.model is not None else None
    if page.model is not None and obj is None:
        problems.append(("the seeded world has no object this page can be opened for", page.model.__name__))
    else:
        url = page.url_for(obj)
        for m in (["get"] if page.get else []) + ([method] if page.writes or not page.get else []):
            response, writes = _request(client, page, url, m)
            if page.api:
                ok = response.status_code in (401, 403)
            else:
                ok = response.status_code == 302 and response["Location"].startswith("/login/")
            if not ok or writes:
                problems.append(("anonymous", m.upper(), url, response.status_code, writes[:2]))
    assert problems == []


def _named_urls(resolver=None, namespace=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            inner = p.namespace or ""
            yield from _named_urls(p, f"{namespace}:{inner}".strip(":") if inner else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_named_url_is_registered_or_exempt():
    registered = {p.url_name for p in PAGES}
    missing = sorted({n for n in _named_urls() if not n.startswith("admin:")} - registered - set(EXEMPT))
    assert missing == []


def test_every_exemption_names_a_url_and_a_reason():
    names = set(_named_urls())
    assert {n: r for n, r in EXEMPT.items() if n not in names or len(r) < 10} == {}
