"""Role × view matrix: every registered page and API endpoint, for each persona.

Own subtree answers 200; a sibling's or the parent's records answer 404; anonymous users are
sent to the login page (pages) or get 401 (API). A new page joins by registering in its app's
pages.py — nothing here changes.
"""

import pytest

from dangjian.core.pages import PAGES
from dangjian.testing import world

PAGE_IDS = [f"{p.url_name}{'?' + p.query if p.query else ''}" for p in PAGES]


def _url(page, org):
    if page.model is None:
        return page.url_for()
    obj = world.sample(page.model, org)
    if obj is None:
        pytest.skip(f"no {page.model.__name__} under {org}")
    return page.url_for(obj)


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_it_sends_anonymous_users_to_login(client, community_a, page):
    response = client.get(_url(page, community_a))
    if page.api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_it_shows_own_subtree_to_community_secretary(login, community_a, page):
    response = login("secretary_a").get(_url(page, community_a))
    assert response.status_code == 200


@pytest.mark.parametrize("page", [p for p in PAGES if p.model is not None], ids=lambda p: p.url_name)
def test_it_hides_sibling_community_from_secretary(login, community_a, community_b, page):
    response = login("secretary_a").get(_url(page, community_b))
    assert response.status_code == 404


@pytest.mark.parametrize("page", [p for p in PAGES if p.model is not None], ids=lambda p: p.url_name)
def test_it_hides_parent_records_from_secretary(login, street, community_a, community_b, page):
    obj = world.sample_above(page.model, street, community_a, community_b)
    if obj is None:
        pytest.skip(f"no {page.model.__name__} held at street level")
    assert login("secretary_a").get(page.url_for(obj)).status_code == 404


@pytest.mark.parametrize("page", [p for p in PAGES if p.model is not None], ids=lambda p: p.url_name)
def test_it_shows_every_community_to_street_admin(login, community_a, community_b, page):
    client = login("street_admin")
    expected = 200 if page.committee_sees else 404  # the archive needs an explicit grant
    assert client.get(_url(page, community_a)).status_code == expected
    assert client.get(_url(page, community_b)).status_code == expected


@pytest.mark.parametrize("page", [p for p in PAGES if p.model is not None], ids=lambda p: p.url_name)
def test_it_hides_other_communities_from_member(login, community_b, page):
    assert login("member").get(_url(page, community_b)).status_code == 404
