"""Role × view matrix: every registered page and API endpoint, for each persona.

Own subtree answers 200; a sibling's or the parent's records answer 404; anonymous users are
sent to the login page (pages) or get 401 (API). A new page joins by registering in its app's
pages.py — nothing here changes.
"""

import pytest

from dangjian.core.pages import PAGES
from dangjian.core.roles import Role
from dangjian.testing import world

READ = [p for p in PAGES if p.get]  # POST-only steps are the write matrix's (tests/test_write_matrix.py)
PAGE_IDS = [f"{p.url_name}:{p.label}" for p in READ]
OBJECT_PAGES = [p for p in READ if p.model is not None]


def _url(page, org):
    if page.model is None:
        return page.url_for()
    obj = page.sample_from(world.sample_qs(page.model, org))
    if obj is None:
        pytest.skip(f"no {page.model.__name__} under {org}")
    return page.url_for(obj)


@pytest.mark.parametrize("page", READ, ids=PAGE_IDS)
def test_it_sends_anonymous_users_to_login(client, community_a, page):
    response = client.get(_url(page, community_a))
    if page.api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("page", READ, ids=PAGE_IDS)
def test_it_shows_own_subtree_to_community_secretary(login, community_a, page):
    if page.self_service:
        pytest.skip("a self-service page: members and residents use it for themselves (write matrix)")
    if page.writes and Role.COMMUNITY_SECRETARY not in page.writer_roles:
        # A form that is not theirs (the street's indicator catalogue): refused, not shown.
        assert login("secretary_a").get(_url(page, community_a)).status_code in (403, 404)
        return
    response = login("secretary_a").get(_url(page, community_a))
    assert response.status_code == 200


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=lambda p: f"{p.url_name}:{p.label}")
def test_it_hides_sibling_community_from_secretary(login, community_a, community_b, page):
    response = login("secretary_a").get(_url(page, community_b))
    assert response.status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=lambda p: f"{p.url_name}:{p.label}")
def test_it_hides_parent_records_from_secretary(login, street, community_a, community_b, page):
    obj = page.sample_from(world.sample_above(page.model, street, community_a, community_b))
    if obj is None:
        pytest.skip(f"no {page.model.__name__} held at street level")
    assert login("secretary_a").get(page.url_for(obj)).status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=lambda p: f"{p.url_name}:{p.label}")
def test_it_shows_every_community_to_street_admin(login, community_a, community_b, page):
    if page.self_service:
        pytest.skip("a self-service page: members and residents use it for themselves (write matrix)")
    client = login("street_admin")
    expected = 200 if page.committee_sees else 404  # the archive needs an explicit grant
    assert client.get(_url(page, community_a)).status_code == expected
    assert client.get(_url(page, community_b)).status_code == expected


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=lambda p: f"{p.url_name}:{p.label}")
def test_it_hides_other_communities_from_member(login, community_b, page):
    assert login("member").get(_url(page, community_b)).status_code == 404
