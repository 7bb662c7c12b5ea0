"""An id that is not a number — `false` from a script, `abc` typed by hand — is a 404 on every API route that
takes one, for reads and for actions alike, never a server error."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver


def _api_routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    seen = set()
    for route in walk(get_resolver().url_patterns):
        if not route.startswith("^api/") and not route.startswith("api/"):
            continue
        if "<pk>" not in route and "(?P<pk>" not in route:
            continue
        if "\\.(?P<format>" in route or "<format>" in route:
            continue
        seen.add(route)
    return sorted(seen)


def _url(route: str, pk: str) -> str:
    url = re.sub(r"\(\?P<pk>[^)]*\)", pk, route).replace("<pk>", pk)
    url = url.lstrip("^").rstrip("$")
    return "/" + url.replace("\\", "")


ROUTES = _api_routes()


def test_the_router_exposes_routes_with_ids():
    assert len(ROUTES) >= 10, ROUTES


@pytest.mark.parametrize("route", ROUTES)
def test_a_bad_id_is_not_found_not_a_server_error(login, route):
    for persona in ("street_admin", "resident"):
        client = login(persona)
        for pk in ("false", "abc", "-1", "99999999999999999999"):
            url = _url(route, pk)
            for method in (client.get, client.post):
                response = method(url, {}, content_type="application/json")
                assert response.status_code < 500, (persona, method.__name__, url, response.status_code)
