"""A page's query count must not grow with the data: measured at demo and street scale.

Pages paginate, so both scales fill a page; the budget below also catches a query per row.
"""

import pytest

from dangjian.core import seeding
from dangjian.core.pages import PAGES
from dangjian.testing import world
from dangjian.testing.queries import count_queries

MEASURED = [p for p in PAGES if p.bench]
BUDGET = 20  # queries for any page; a per-row query on a 25-row page blows it


def _measure(login):
    counts = {}
    for persona in ("street_admin", "secretary_a"):
        client = login(persona)
        org = world.community("a")
        for page in MEASURED:
            if persona == "street_admin" and not page.committee_sees:
                continue  # the archive is closed to the committee without a grant (404, tested elsewhere)
            url = page.url_for(world.sample(page.model, org)) if page.model else page.url_for()
            client.get(url)  # warm process-wide caches (content types) so both scales start alike
            status, n = count_queries(client, url)
            assert status == 200, (persona, url)
            counts[(persona, page.url_name, page.query)] = n
    return counts


@pytest.mark.django_db
def test_it_keeps_query_counts_flat_from_demo_to_street_scale(login):
    world.wipe()
    seeding.run("demo", out=lambda line: None)
    demo = _measure(login)
    world.wipe()
    seeding.run("street", out=lambda line: None)
    street = _measure(login)
    assert {k: (demo[k], v) for k, v in street.items() if v != demo[k]} == {}
    assert {k: v for k, v in street.items() if v > BUDGET} == {}
    # The two pages the issue names are part of the comparison.
    assert ("street_admin", "orgs:tree", "") in demo
    assert ("street_admin", "people:person_list", "") in demo
