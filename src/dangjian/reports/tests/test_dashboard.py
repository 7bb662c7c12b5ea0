"""The dashboard agrees with the ledger and the metric registry, for each viewer's scope, at a fixed query count."""

import json
import re
from datetime import date, timedelta
from html import unescape
from types import SimpleNamespace

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from dangjian.assessment.scores.models import QuarterlyRanking
from dangjian.coop.models import JointActivity
from dangjian.core import metrics, snapshots
from dangjian.core.metrics import Scope
from dangjian.ledgers import actions
from dangjian.ledgers.choices import ProblemStatus
from dangjian.ledgers.ledger import committee_ledger
from dangjian.ledgers.models import Problem, Task
from dangjian.ledgers.states import PROBLEM_STATES, TASK_STATES
from dangjian.orgs.models import Organization
from dangjian.reports import dashboard as board
from dangjian.testing import world
from dangjian.testing.queries import count_queries


def _today() -> date:
    """Today on the suite's clock (read per test: the clock is pinned after the module is imported)."""
    return timezone.localdate()


def _year() -> int:
    return _today().year


DESK, SCREEN = "/reports/dashboard/", "/reports/dashboard/screen/"
VIEWERS = ["street_admin", "district_viewer", "cadre", "secretary_a", "branch_secretary", "grid_worker"]


def _day(n: int) -> date:
    """A day n days into this year, never after today (so the records count in the year so far)."""
    return min(date(_year(), 1, 1) + timedelta(days=n), _today())


def _add_records(community, secretary, n=3, tag=""):
    """Problems and tasks in every ledger state, and joint activities, spread over this year's months."""
    for i in range(n):
        found = _day(20 * i)
        open_ = actions.create_problem(secretary, community, title=f"未整改{tag}{i}", category="service",
                                       source="self", found_on=found, deadline=_day(20 * i + 10))
        solved = actions.create_problem(secretary, community, title=f"已整改{tag}{i}", category="brand",
                                        source="self", found_on=found)
        Problem.objects.filter(pk=solved.pk).update(status=ProblemStatus.RESOLVED, resolved_on=_day(20 * i + 30))
        verified = actions.create_problem(secretary, community, title=f"已验收{tag}{i}", category="other",
                                          source="self", found_on=found)
        Problem.objects.filter(pk=verified.pk).update(status=ProblemStatus.VERIFIED, resolved_on=_day(20 * i + 5),
                                                      verified_on=_day(20 * i + 9))
        assert open_.status != ProblemStatus.RESOLVED
        on_time = actions.create_task(secretary, community, year=_year(), title=f"按时{tag}{i}", category="brand",
                                      deadline=_day(40 * i + 30))
        Task.objects.filter(pk=on_time.pk).update(done_on=_day(40 * i + 20))
        late = actions.create_task(secretary, community, year=_year(), title=f"逾期{tag}{i}", category="brand",
                                   deadline=_day(40 * i))
        Task.objects.filter(pk=late.pk).update(done_on=None)
        actions.create_task(secretary, community, year=_year(), title=f"年底{tag}{i}", category="brand",
                            deadline=date(_year(), 12, 31))
        JointActivity.objects.create(organization=community, title=f"共建{tag}{i}", date=_day(35 * i))


@pytest.fixture
def records(community_a, community_b):
    _add_records(community_a, world.user("secretary_a"))
    _add_records(community_b, world.user("secretary_b"))


def _top(user):
    return Organization.objects.visible_to(user).order_by("depth", "path").first()


def _charts(b) -> dict:
    return {chart.id: chart for _, _, charts in b.sections for chart in charts}


def _assert_agrees_with_registry_and_ledger(user, within):
    b = board.build(user, within, _year())
    scope, (start, end) = Scope(user), board.period(_year())
    charts = _charts(b)
    children = board.children_of(user, within)
    for chart_id, title, keys in board.CHILD_CHARTS if children else ():
        if chart_id not in charts:  # left out: every child shows 0, and the page says so
            assert title in b.children_note
            assert not any(metrics.value(k, scope, c, start, end) for k in keys for c in children)
            continue
        chart = charts[chart_id]
        assert [s.key for s in chart.series] == list(keys)
        for s in chart.series:
            assert [c.value for c in s.cells] == [metrics.value(s.key, scope, c, start, end) for c in children], s.key
            assert s.total.value == metrics.value(s.key, scope, within, start, end), s.key
    for chart_id, _, _ in board.TREND_CHARTS:
        for s in charts[chart_id].series:
            expected = [metrics.value(s.key, scope, within, first, last)
                        for _, first, last in board.months_of(_year(), start, end)]
            assert [c.value for c in s.cells] == expected, s.key
            assert s.total.value == metrics.value(s.key, scope, within, start, end), s.key
    assert [cell.value for _, cell, _ in b.cards] == [metrics.value(k, scope, within, start, end) for k in board.CARDS]
    _, total = committee_ledger(user, within, _year())
    expected = [total.task_total, *(total.tasks[k] for k in TASK_STATES),
                total.problem_total, *(total.problems[k] for k in PROBLEM_STATES)]
    assert [int(c.value) for c in charts["ledger"].series[0].cells] == expected
    return b


@pytest.mark.parametrize("persona", ["street_admin", "district_viewer", "cadre", "secretary_a"])
def test_it_shows_the_registry_and_ledger_figures_for_each_scope(records, persona):
    user = world.user(world.PERSONAS[persona])
    b = _assert_agrees_with_registry_and_ledger(user, _top(user))
    assert any(c.value for _, c, _ in b.cards)


def test_it_agrees_for_the_street_and_each_community_with_records_in_every_state(records, street, community_a):
    user = world.user("street")
    b = _assert_agrees_with_registry_and_ledger(user, street)
    ledger = dict(zip(_charts(b)["ledger"].rows, _charts(b)["ledger"].series[0].cells, strict=True))
    assert ledger["问题总数"].value >= 18 and ledger["任务总数"].value >= 18
    problems = _charts(b)["problems"]
    a = [c.pk for c in board.children_of(user, street)].index(community_a.pk)
    assert problems.series[0].cells[a].value >= 9  # found this year in A
    _assert_agrees_with_registry_and_ledger(user, community_a)


@pytest.mark.parametrize("persona", VIEWERS)
def test_it_renders_both_pages_with_parseable_chart_data(login, records, persona):
    client = login(persona)
    user = world.user(world.PERSONAS[persona])
    expected = json.loads(json.dumps(board.build(user, _top(user), _year()).chart_data(), cls=DjangoJSONEncoder))
    for url in (DESK, SCREEN):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _chart_json(response) == expected
        # Every script and stylesheet is served by the app itself (no CDN, no other host); the page's
        # random CSRF token may spell anything, so look at the addresses, not at the text.
        assert not re.findall(r'(?:src|href)="(?:https?:)?//', response.content.decode())


def _chart_json(response) -> dict:
    found = re.search(r'<script id="dj-dash-data" type="application/json">(.*?)</script>',
                      response.content.decode(), re.S)
    return json.loads(found.group(1))


def test_it_shows_a_secretary_only_their_own_community(login, records, street, community_a, community_b):
    client = login("secretary_a")
    for url in (DESK, SCREEN):
        assert client.get(url, {"within": community_b.pk}).status_code == 404
        assert client.get(url, {"within": street.pk}).status_code == 404
        assert client.get(url, {"within": "abc"}).status_code == 404
    response = client.get(DESK)
    assert response.context["within"] == community_a
    assert {o.pk for o in response.context["orgs"]} <= set(
        Organization.objects.filter(path__startswith=community_a.path).values_list("pk", flat=True))
    data = _chart_json(response)
    own_children = board.children_of(world.user("secretary_a"), community_a)
    assert data["rates"]["categories"] == [board.short_label(c, community_a) for c in own_children]
    assert all(c.path.startswith(community_a.path) for c in own_children)
    assert client.get(DESK, {"within": community_a.pk}).status_code == 200


@pytest.mark.parametrize("username", ["member", "volunteer", "resident"])
def test_it_has_no_dashboard_for_members_volunteers_or_residents(login, username):
    client = login(username)
    assert client.get(DESK).status_code == 404
    assert client.get(SCREEN).status_code == 404


def test_every_table_number_links_to_the_rows_it_counts(login, records, street, community_a):
    client = login("street_admin")
    html = client.get(DESK, {"within": street.pk}).content.decode()
    for table in re.findall(r'<table[^>]*data-testid="table-[^"]+".*?</table>', html, re.S):
        for cell in re.findall(r"<td>(.*?)</td>", table, re.S):
            assert "<a href=" in cell or cell.strip() == "—", cell
    b = board.build(world.user("street"), street, _year())
    a = [c.pk for c in board.children_of(world.user("street"), street)].index(community_a.pk)
    found = _charts(b)["problems"].series[0].cells[a]
    rate = _charts(b)["rates"].series[1].cells[a]  # tasks on time: a ratio links its counted rows and its base
    for cell in (found, rate.num, rate.den):
        assert f'href="{cell.url}"' in unescape(html)
        assert client.get(cell.url).context["paginator"].count == int(cell.value)
    for label, cell in zip(_charts(b)["ledger"].rows, _charts(b)["ledger"].series[0].cells, strict=True):
        listed = client.get(cell.url)
        assert listed.context["paginator"].count == int(cell.value), label


def test_it_shows_the_latest_published_ranking_and_says_so_when_there_is_none(login, community_a):
    client = login("secretary_a")
    published = QuarterlyRanking.objects.filter(published_at__isnull=False)
    if published.exists():
        data = _chart_json(client.get(DESK))
        latest = published.order_by("-year", "-quarter").first()
        assert len(data["ranking"]["categories"]) == latest.entries.count()
        assert data["ranking"]["highlight"] == [community_a.short_name or community_a.name]
    published.update(published_at=None)
    response = client.get(DESK)
    assert "ranking" not in _chart_json(response)
    assert "尚未发布季度排名" in response.content.decode()
    assert "尚未发布季度排名" in client.get(SCREEN).content.decode()


def test_the_query_count_does_not_grow_with_the_records(login, street, community_a, community_b):
    client = login("street_admin")
    urls = [f"{DESK}?within={street.pk}", f"{SCREEN}?within={street.pk}", f"{DESK}?within={community_a.pk}"]
    for url in urls:
        client.get(url)
    before = [count_queries(client, url) for url in urls]
    for tag in "xyz":
        _add_records(community_a, world.user("secretary_a"), n=4, tag=tag)
        _add_records(community_b, world.user("secretary_b"), n=4, tag=tag)
    snapshots.refresh()  # the worker brings the stored figures up to date (tests run jobs inline, in the request)
    after = [count_queries(client, url) for url in urls]
    assert after == before
    assert all(status == 200 and n <= 20 for status, n in after), after


def test_a_child_is_labelled_without_the_name_it_shares_with_its_parent():
    def org(name, short=""):
        return SimpleNamespace(name=name, short_name=short)

    assert board.short_label(org("东风社区第1网格党支部"), org("东风社区党委")) == "第1网格党支部"
    assert board.short_label(org("东风社区党委", "东风社区"), org("北关街道党工委")) == "东风社区"
    assert board.short_label(org("东风社区党委"), org("东风社区党委")) == "东风社区党委"


def test_a_past_year_counts_the_whole_year_and_an_empty_year_renders(login, street):
    assert board.period(_year() - 1) == (date(_year() - 1, 1, 1), date(_year() - 1, 12, 31))
    assert board.period(_year()) == (date(_year(), 1, 1), _today())
    response = login("street_admin").get(DESK, {"within": street.pk, "year": 2001})
    assert response.status_code == 200
    assert len(_chart_json(response)["trend"]["categories"]) == 12
