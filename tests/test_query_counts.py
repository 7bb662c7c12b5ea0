"""A page's query count has a ceiling that does not grow with the data.

Every benchmarked page of the registry is measured for the committee and a community secretary at
two scales: the tiny world every test runs on, and a street of 13 communities (~4,900 people) seeded
once per session inside a transaction that is rolled back afterwards. Each page must stay within its
budget (`Page.budget`) at both, and the street may cost at most `GROWTH` queries more than the tiny
world — a query per row on a 25-row page would cost 25.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from dangjian.core import seeding
from dangjian.core.pages import PAGES
from dangjian.testing import world
from dangjian.testing.personas import PERSONAS
from dangjian.testing.queries import count_queries

pytestmark = pytest.mark.one_database("sqlite", "a page makes the same queries through the ORM on either database")

MEASURED = [p for p in PAGES if p.timed]
IDS = [f"{p.url_name}:{p.label}" for p in MEASURED]
MEASURED_AS = ("street_admin", "secretary_a")
GROWTH = 2  # queries that only run when there is something to show (a chart's second series, a page link)


def _measure(page, persona, client):
    if persona == "street_admin" and not page.committee_sees:
        return None  # the archive is closed to the committee without a grant (404, tested in the matrices)
    obj = None
    if page.model is not None:
        obj = page.sample_from(world.sample_qs(page.model, world.community("a")))
    if page.model is not None and obj is None:
        return None
    url = page.url_for(obj)
    client.get(url)  # warm process-wide caches (content types) so both scales start alike
    status, n = count_queries(client, url)
    return n if status == 200 else f"{url} answered {status}"


def _clients():
    clients = {}
    for persona in MEASURED_AS:
        clients[persona] = Client()
        clients[persona].force_login(world.user(PERSONAS[persona]))
    return clients


@pytest.fixture(scope="session")
def street_scale_counts(django_db_setup, django_db_blocker):
    """{(page index, persona): queries} at street scale, measured once; the data is rolled back after."""
    counts = {}
    with django_db_blocker.unblock(), transaction.atomic():
        world.wipe()
        seeding.run("street", out=lambda line: None)
        clients = _clients()
        for i, page in enumerate(MEASURED):
            for persona in MEASURED_AS:
                counts[(i, persona)] = _measure(page, persona, clients[persona])
        transaction.set_rollback(True)
    return counts


@pytest.mark.parametrize("index", range(len(MEASURED)), ids=IDS)
def test_it_keeps_each_page_within_its_budget_at_every_scale(db, street_scale_counts, index):
    page = MEASURED[index]
    clients = _clients()
    for persona in MEASURED_AS:
        tiny = _measure(page, persona, clients[persona])
        street = street_scale_counts[(index, persona)]
        if street is None or tiny is None:
            continue
        assert isinstance(tiny, int) and isinstance(street, int), (persona, tiny, street)
        assert street <= page.budget and tiny <= page.budget, (persona, tiny, street, page.budget)
        assert street - tiny <= GROWTH, f"{persona}: {tiny} queries on the tiny world, {street} on a street"


def test_it_measures_the_pages_the_committee_opens_first():
    names = {p.url_name for p in MEASURED}
    assert {"orgs:tree", "people:person_list", "ledgers:ledger", "reports:dashboard"} <= names


def _queries(client, url) -> int:
    client.get(url)  # warm process-wide caches
    status, n = count_queries(client, url)
    assert status == 200, (url, status)
    return n


def test_the_activity_page_costs_the_same_for_one_participant_or_forty(login, community_a):
    """联创共建活动详情: participants, partners, photos and history are each read in one query, not one per row."""
    from django.utils import timezone

    from dangjian.coop.models import JointActivity, PartnerKind, PartnerUnit
    from dangjian.core.models import Evidence
    from dangjian.members.models import PartyMember

    activity = JointActivity.objects.create(organization=community_a, title="楼道清洁日", date=timezone.localdate())
    members = list(PartyMember.objects.filter(branch__path__startswith=community_a.path).order_by("pk"))
    assert len(members) >= 2
    activity.members.add(members[0])
    activity.partners.add(PartnerUnit.objects.create(organization=community_a, name="第一共建单位",
                                                     kind=PartnerKind.choices[0][0]))
    client = login("secretary_a")
    url = activity.get_absolute_url()
    small = _queries(client, url)
    activity.members.add(*members[:40])
    activity.partners.add(*[PartnerUnit.objects.create(organization=community_a, name=f"共建单位{i}",
                                                       kind=PartnerKind.choices[0][0]) for i in range(8)])
    activity.photos.add(*[Evidence.objects.create(organization=community_a, file=f"evidence/x{i}.png",
                                                  name=f"合影{i}.png", sha256=f"{i:064d}") for i in range(6)])
    for hours in ("2.5", "3.0", "3.5"):  # history entries, each naming who changed it
        activity.hours = hours
        activity.save()
    large = _queries(client, url)
    assert large == small, f"{small} queries for one participant, {large} for {activity.members.count()}"


def test_the_organization_picker_costs_the_same_for_ten_organizations_or_two_hundred(login, community_a):
    from dangjian.core.org_options import LIMIT
    from dangjian.orgs.choices import OrgKind

    client = login("secretary_a")
    urls = [reverse("organization_options"), reverse("organization_options") + "?q=dsq",
            reverse("organization_options") + "?q=支部"]
    before = [_queries(client, url) for url in urls]
    for community in (community_a, world.community("b")):
        for i in range(100):  # namesakes in both communities: every label names its parent
            community.add_child(name=f"第{i}党支部", kind=OrgKind.BRANCH)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert len(client.get(urls[2]).json()["results"]) == LIMIT
