"""List pages at district scale (issue 14): organization filters load their options on demand, within the
user's scope; counts stop at a bound; /healthz answers before the middleware; connections and templates are
kept between requests. (Sessions written only when they change: core/tests/test_sessions.py.)"""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_pickers import Selects

from dangjian.members.models import PartyMember
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.people.pinyin import full_and_initials

pytestmark = pytest.mark.django_db

OPTIONS = reverse("organization_options")


def _answer(client, q=""):
    response = client.get(OPTIONS, {"q": q})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    return response.json()


def _values(client, q=""):
    return {row["value"] for row in _answer(client, q)["results"]}


def _sibling_street(street):
    """A second street beside the demo street, with a community of its own."""
    other = street.get_parent().add_child(name="南关街道党工委", kind=OrgKind.STREET_COMMITTEE)
    return other, other.add_child(name="南关社区党委", kind=OrgKind.COMMUNITY_COMMITTEE)


def test_the_organization_picker_answers_only_the_users_own_subtree(login, street, community_a, community_b):
    other_street, other_community = _sibling_street(street)
    mine = set(Organization.objects.filter(path__startswith=community_a.path).values_list("pk", flat=True))
    secretary = login("secretary_a")
    answered = _values(secretary)
    assert answered and answered <= mine and community_a.pk in answered
    assert not _values(secretary, community_b.name) and not _values(secretary, "南关")
    assert not _values(secretary, full_and_initials(community_b.name)[1])  # by pinyin neither
    committee = login("street_admin")
    assert {community_a.pk, community_b.pk} <= _values(committee, "社区")
    assert not _values(committee, "南关")  # the sibling street's, never
    for typed in ("", "ng", "ngsq", "nanguan"):
        assert not {other_street.pk, other_community.pk} & _values(committee, typed), typed
    assert other_community.pk in _values(login("district_viewer"), "南关")  # the district sees both streets


def test_the_organization_picker_finds_by_pinyin_initials_and_names_namesakes_parents(login, community_a,
                                                                                      community_b):
    full, initials = full_and_initials(community_a.name)
    committee = login("street_admin")
    first = _answer(committee, initials)["results"][0]
    assert first == {"value": community_a.pk, "text": community_a.name}
    assert community_a.pk in _values(committee, initials[:3].upper())
    assert community_a.pk in _values(committee, full[:5])  # full pinyin too
    for community in (community_a, community_b):
        community.add_child(name="第九党支部", kind=OrgKind.BRANCH)
    texts = [row["text"] for row in _answer(committee, "第九")["results"]]
    assert sorted(texts) == sorted([f"第九党支部（{community_a.name}）", f"第九党支部（{community_b.name}）"])
    texts = [row["text"] for row in _answer(login("secretary_a"), "djdzb")["results"]]
    assert texts == ["第九党支部"]  # only one in sight: no parent needed


def test_the_organization_picker_lists_a_bounded_number_and_says_there_are_more(login, community_a):
    for i in range(40):
        community_a.add_child(name=f"测试党支部{i:02d}", kind=OrgKind.BRANCH)
    answer = _answer(login("secretary_a"), "测试")
    assert len(answer["results"]) == 30 and answer["more"] is True
    assert _answer(login("secretary_a"), "测试党支部07")["more"] is False


def test_anonymous_users_get_no_organizations(client, db):
    response = client.get(OPTIONS, {"q": "社区"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_member_filter_renders_only_the_chosen_organization_and_filters_as_before(login, community_a,
                                                                                      community_b):
    committee = login("street_admin")
    page = committee.get("/members/")
    within = Selects(page.content.decode()).selects["within"]
    assert within["attrs"]["data-picker"] == "remote" and within["attrs"]["data-url"] == OPTIONS
    assert [(o[0]["value"], o[1]) for o in within["options"]] == [("", "全部")]
    chosen = committee.get("/members/", {"within": community_b.pk})
    within = Selects(chosen.content.decode()).selects["within"]
    assert [(o[0]["value"], o[1]) for o in within["options"]] == [("", "全部"), (str(community_b.pk), community_b.name)]
    assert "selected" in within["options"][1][0]
    expected = PartyMember.objects.visible_to(chosen.context["user"]).filter(
        branch__path__startswith=community_b.path).count()
    assert chosen.context["paginator"].count == min(expected, 1001) and expected > 0
    # Outside the secretary's subtree the value is refused, as with the full list of options: no rows.
    refused = login("secretary_a").get("/members/", {"within": community_b.pk})
    assert refused.status_code == 200 and refused.context["paginator"].count == 0
    assert refused.context["filterset"].form.errors["within"]


def test_the_count_stops_at_a_bound_and_the_pages_go_on(login, settings):
    committee = login("street_admin")
    everything = committee.get("/members/").context["paginator"].count
    assert everything > 3
    assert f"共 {everything} 条" in committee.get("/members/").content.decode()
    settings.LIST_COUNT_BOUND = 3
    with CaptureQueriesContext(connection) as ctx:
        response = committee.get("/members/", {"page": 1})
    html = response.content.decode()
    assert "共 3+ 条" in html and "末页" not in html
    assert ("下一页" in html) == (everything > 25)
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "members_partymember" in q["sql"]]
    assert len(counts) == 1 and re.search(r"LIMIT 4\b", counts[0]), counts
    # Pages still go on past the bound, one "next" at a time, until the rows run out.
    settings.LIST_COUNT_BOUND = 1
    last = (everything - 1) // 25 + 1
    if last > 1:
        page = committee.get("/members/", {"page": last})
        assert page.status_code == 200 and "下一页" not in page.content.decode()
        assert len(page.context["object_list"]) == everything - 25 * (last - 1)
    assert committee.get("/members/", {"page": last + 1}).status_code == 404


def test_healthz_answers_before_the_stack_with_the_security_headers(login):
    client = login("secretary_a")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"
    assert [q["sql"] for q in ctx.captured_queries] == ["SELECT 1"]  # no session, no user: nothing but the check
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin" and "camera=()" in response["Permissions-Policy"]
    assert "Set-Cookie" not in response


def test_templates_are_cached_and_sqlite_connections_kept():
    from django.template import engines

    engine = engines["django"].engine
    assert not settings.DEBUG
    assert [loader[0] if isinstance(loader, tuple) else loader for loader in engine.loaders] == [
        "django.template.loaders.cached.Loader"]
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_past_the_bound_each_page_knows_only_whether_another_follows(settings, street):
    from dangjian.core.paging import BoundedPaginator

    settings.LIST_COUNT_BOUND = 3
    rows = Organization.objects.filter(path__startswith=street.path).order_by("path")
    total = rows.count()
    assert total > 7
    paginator = BoundedPaginator(rows, 3)
    assert paginator.over_bound and paginator.count_label == "3+" and paginator.num_pages is None
    pages, number = [], 1
    while True:
        page = paginator.page(number)
        pages.append(list(page.object_list))
        if not page.has_next():
            break
        number = page.next_page_number()
    assert sum(pages, []) == list(rows) and page.end_index() == total
    settings.LIST_COUNT_BOUND = total
    exact = BoundedPaginator(rows, 3)
    assert not exact.over_bound and exact.count_label == str(total) and exact.num_pages == (total + 2) // 3
