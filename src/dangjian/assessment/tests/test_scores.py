"""Monthly assessment and quarterly ranking: locked months, reasons for every manual score, automatic scores
equal to the records' figures, the ranking's order and tie rule, and who sees which month, line and ranking.

The tiny world already holds this year's seeded months; every test here works in 2019, on its own catalogue
(the seeded indicators are switched off inside the test), so the numbers below are the test's alone.
"""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.assessment.scores import actions, scoring
from dangjian.assessment.scores.models import (
    AssessmentMonth,
    Indicator,
    Method,
    MonthlyScore,
    QuarterlyRanking,
    ScoreChange,
)
from dangjian.assessment.scores.ranking import order
from dangjian.core import metrics
from dangjian.core.workflow import Refused
from dangjian.ledgers.choices import ProblemStatus
from dangjian.ledgers.models import Problem
from dangjian.orgs import actions as org_actions
from dangjian.orgs.choices import OrgKind
from dangjian.testing import world

YEAR = 2019


@pytest.fixture
def catalogue(street):
    """Only this test's indicators count: one manual line (weight 2) and one automatic rate."""
    Indicator.objects.filter(street=street).update(active=False)
    manual = Indicator.objects.create(street=street, name="基础资料规范", method=Method.MANUAL,
                                      max_score=Decimal(10), weight=Decimal(2), order=1)
    auto = Indicator.objects.create(street=street, name="问题整改验收", method=Method.AUTO,
                                    metric="problems_verified_rate", target=Decimal(100), max_score=Decimal(10),
                                    order=2)
    return {"manual": manual, "auto": auto}


@pytest.fixture
def admin(db):
    return world.user("street")


def _open(admin, street, month, *, scored=True, publish=False):
    obj = actions.open_month(admin, street, YEAR, month)
    actions.compute_month(admin, obj)
    if scored:
        for line in MonthlyScore.objects.filter(month=obj, indicator__method=Method.MANUAL):
            actions.set_score(admin, line, 8, "资料齐全")
    if publish:
        obj = actions.publish_month(admin, obj)
    return obj


def _line(month, org, indicator):
    return MonthlyScore.objects.get(month=month, organization=org, indicator=indicator)


# A published month refuses every change.

def test_it_refuses_score_changes_after_publishing(admin, street, community_a, catalogue):
    month = _open(admin, street, 3, publish=True)
    line = _line(month, community_a, catalogue["manual"])
    with pytest.raises(ValidationError, match="已发布"):
        actions.set_score(admin, line, 2, "补充检查发现问题")
    with pytest.raises(ValidationError, match="已发布"):
        actions.compute_month(admin, month)
    line.refresh_from_db()
    assert line.score == Decimal(8) and line.changes.count() == 1


def test_it_shows_a_message_and_changes_nothing_when_posting_to_a_published_month(login, admin, street, community_a,
                                                                                   catalogue):
    month = _open(admin, street, 3, publish=True)
    line = _line(month, community_a, catalogue["manual"])
    client = login("street_admin")
    response = client.post(f"/assessment/scores/{line.pk}/", {"score": "3", "reason": "复查扣分"}, follow=True)
    assert "已发布，得分不能再修改" in response.content.decode()
    response = client.post(f"/assessment/months/{month.pk}/compute/", follow=True)
    assert "已发布，得分不能再修改" in response.content.decode()
    line.refresh_from_db()
    assert line.score == Decimal(8) and line.changes.count() == 1
    page = client.get(f"/assessment/months/{month.pk}/units/{community_a.pk}/").content.decode()
    assert "已发布，得分已锁定" in page and 'data-testid="score-form"' not in page


# Before publishing, a manual change needs a reason and leaves a record.

def test_it_refuses_a_manual_score_without_a_reason(login, admin, street, community_a, catalogue):
    month = _open(admin, street, 4, scored=False)
    line = _line(month, community_a, catalogue["manual"])
    with pytest.raises(ValidationError, match="必须填写理由"):
        actions.set_score(admin, line, 9, "  ")
    response = login("street_admin").post(f"/assessment/scores/{line.pk}/", {"score": "9", "reason": ""},
                                          follow=True)
    assert "人工评分或调整必须填写理由" in response.content.decode()
    line.refresh_from_db()
    assert line.score == Decimal(0) and not line.changes.exists()


def test_it_saves_a_manual_score_with_its_reason_and_records_the_change(login, admin, street, community_a,
                                                                        catalogue):
    month = _open(admin, street, 4, scored=False)
    line = _line(month, community_a, catalogue["manual"])
    client = login("street_admin")
    response = client.post(f"/assessment/scores/{line.pk}/", {"score": "9", "reason": "台账齐全，记录规范"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.score, line.reason, line.assessor) == (Decimal(9), "台账齐全，记录规范", admin)
    change = ScoreChange.objects.get(score=line)
    assert (change.before, change.after, change.by, change.reason) == (Decimal(0), Decimal(9), admin,
                                                                        "台账齐全，记录规范")
    page = client.get(f"/assessment/months/{month.pk}/units/{community_a.pk}/").content.decode()
    assert "0 → 9，理由：台账齐全，记录规范" in page


def test_it_refuses_to_publish_while_a_manual_line_is_unscored(admin, street, catalogue):
    month = _open(admin, street, 4, scored=False)
    with pytest.raises(ValidationError, match="人工评分未完成"):
        actions.publish_month(admin, month)
    assert not AssessmentMonth.objects.get(pk=month.pk).is_published


def test_it_keeps_an_adjusted_automatic_score_when_recomputing(admin, street, community_a, catalogue):
    month = _open(admin, street, 4)
    line = _line(month, community_a, catalogue["auto"])
    actions.set_score(admin, line, 4, "整改材料不全，验收打折")
    actions.compute_month(admin, month)
    line.refresh_from_db()
    assert line.score == Decimal(4) and line.adjusted


# Automatic scores are the records' figures.

def _problem(org, found_on, verified_on=None):
    return Problem.objects.create(organization=org, title="楼道堆物", category="other", source="self",
                                  found_on=found_on, verified_on=verified_on,
                                  status=ProblemStatus.VERIFIED if verified_on else ProblemStatus.OPEN)


def test_it_scores_automatic_lines_from_the_records(admin, street, community_a, community_b, catalogue):
    for day in (3, 8, 15, 20):
        _problem(community_a, date(YEAR, 5, day), verified_on=date(YEAR, 5, 28) if day < 16 else None)
    _problem(community_a, date(YEAR, 4, 30), verified_on=date(YEAR, 5, 2))  # found before May: verified counts
    month = _open(admin, street, 5)
    start, end = scoring.month_span(YEAR, 5)
    line = _line(month, community_a, catalogue["auto"])
    expected = metrics.value("problems_verified_rate", metrics.Scope(admin), community_a, start, end)
    assert expected == Decimal("100.0")  # 4 verified in May ÷ 4 found in May
    assert line.value == expected and line.computed == line.score == scoring.auto_score(catalogue["auto"], expected)
    assert line.score == Decimal(10)
    _problem(community_a, date(YEAR, 5, 25))
    _problem(community_a, date(YEAR, 5, 26))
    actions.compute_month(admin, month)
    line.refresh_from_db()
    assert line.value == metrics.value("problems_verified_rate", metrics.Scope(admin), community_a, start, end)
    assert (line.value, line.score) == (Decimal("66.7"), Decimal("6.67"))  # 4 ÷ 6, of 10 points


def test_it_costs_no_points_when_a_rate_has_nothing_to_count(admin, street, community_b, catalogue):
    month = _open(admin, street, 5)
    line = _line(month, community_b, catalogue["auto"])  # no problem found in community B that month
    assert line.value is None and line.score == catalogue["auto"].max_score


# The quarterly ranking.

def _community(street, name):
    return org_actions.create_organization(street, name=f"{name}党委", short_name=name,
                                           kind=OrgKind.COMMUNITY_COMMITTEE)


def _published_quarter(admin, street, quarter, scores_by_org, indicator):
    """Three published months holding, for each unit, its manual score in each month (created directly)."""
    months = []
    for k in range(3):
        month = AssessmentMonth.objects.create(street=street, year=YEAR, month=(quarter - 1) * 3 + 1 + k,
                                               status=AssessmentMonth.Status.PUBLISHED, published_at=timezone.now())
        MonthlyScore.objects.bulk_create(MonthlyScore(month=month, organization=org, indicator=indicator,
                                                      score=Decimal(scores[k]), max_score=indicator.max_score,
                                                      weight=indicator.weight)
                                         for org, scores in scores_by_org.items())
        months.append(month)
    return months


def _expected(units, months):
    """Units by the sum of their three monthly weighted totals; equal sums share a rank (1, 2, 2, 4)."""
    sums = {u.pk: sum((s.weighted for s in MonthlyScore.objects.filter(month__in=months, organization=u)
                       .select_related("indicator")), Decimal(0)) for u in units}
    ordered = sorted(units, key=lambda u: (-sums[u.pk], u.path))
    ranks, previous = [], None
    for position, unit in enumerate(ordered, start=1):
        if sums[unit.pk] != previous:
            rank, previous = position, sums[unit.pk]
        ranks.append((unit.pk, sums[unit.pk], rank))
    return ranks


@pytest.fixture
def five(street, community_a, community_b):
    """A, B and three more communities, re-read: the tree keeps siblings in name order, so paths shift."""
    made = [community_a, community_b, *(_community(street, n) for n in ("东湖社区", "西湖社区", "南湖社区"))]
    for org in made:
        org.refresh_from_db()
    return made


def test_it_ranks_a_quarter_by_the_sum_of_its_monthly_totals(login, admin, street, five, catalogue):
    a, b, c, d, e = five
    _published_quarter(admin, street, 1, {a: (5, 5, 5), b: (6, 6, 6), c: (7, 7, 7), d: (8, 8, 8), e: (9, 9, 9)},
                       catalogue["manual"])
    first = actions.publish_ranking(admin, street, YEAR, 1)
    assert [(x.organization_id, x.previous_rank) for x in first.entries.all()] == [
        (e.pk, None), (d.pk, None), (c.pk, None), (b.pk, None), (a.pk, None)]
    # Q2 (weight 2): a 30 → 60; b and c 25 → 50, sharing second place; d 20 → 40 is fourth; e 12 → 24.
    q2 = _published_quarter(admin, street, 2, {a: (10, 10, 10), b: (9, 8, 8), c: (8, 9, 8), d: (7, 7, 6),
                                               e: (3, 4, 5)}, catalogue["manual"])
    ranking = actions.publish_ranking(admin, street, YEAR, 2)
    entries = list(ranking.entries.all())
    assert [(x.organization_id, x.total, x.rank) for x in entries] == _expected(scoring.units(street), q2)
    tied = sorted([b, c], key=lambda o: o.path)  # within a tie, the tree's order
    assert [(x.organization_id, x.total, x.rank) for x in entries] == [
        (a.pk, Decimal(60), 1), (tied[0].pk, Decimal(50), 2), (tied[1].pk, Decimal(50), 2), (d.pk, Decimal(40), 4),
        (e.pk, Decimal(24), 5)]
    moves = {x.organization_id: (x.previous_rank, x.change) for x in entries}
    assert moves == {a.pk: (5, 4), b.pk: (4, 2), c.pk: (3, 1), d.pk: (2, -2), e.pk: (1, -4)}
    html = login("street_admin").get(f"/assessment/rankings/{ranking.pk}/").content.decode()
    assert "↑4" in html and "↓4" in html


def test_it_refuses_to_publish_a_quarter_twice(admin, street, five, catalogue):
    _published_quarter(admin, street, 1, {o: (5, 5, 5) for o in five}, catalogue["manual"])
    actions.publish_ranking(admin, street, YEAR, 1)
    with pytest.raises(ValidationError, match="已经发布"):
        actions.publish_ranking(admin, street, YEAR, 1)
    assert QuarterlyRanking.objects.filter(street=street, year=YEAR, quarter=1).count() == 1


def test_it_refuses_to_rank_a_quarter_with_an_unpublished_or_missing_month(admin, street, five, catalogue):
    months = _published_quarter(admin, street, 3, {o: (5, 5, 5) for o in five}, catalogue["manual"])
    AssessmentMonth.objects.filter(pk=months[1].pk).update(status=AssessmentMonth.Status.DRAFT)
    with pytest.raises(ValidationError, match="须全部发布"):
        actions.publish_ranking(admin, street, YEAR, 3)
    AssessmentMonth.objects.filter(pk=months[1].pk).delete()
    with pytest.raises(ValidationError, match="须全部发布"):
        actions.publish_ranking(admin, street, YEAR, 3)
    assert not QuarterlyRanking.objects.filter(year=YEAR, quarter=3).exists()


def test_it_orders_ties_by_the_tree_and_skips_the_next_rank(five):
    a, b, c, d, _ = five
    result = order([a, b, c, d], {a.pk: Decimal(5), b.pk: Decimal(9), c.pk: Decimal(5), d.pk: Decimal(7)})
    first, second = sorted([a, c], key=lambda o: o.path)
    assert [(u.pk, rank) for u, _, rank in result] == [(b.pk, 1), (d.pk, 2), (first.pk, 3), (second.pk, 3)]
    tied = order([a, b, c, d], {a.pk: Decimal(9), b.pk: Decimal(7), c.pk: Decimal(7), d.pk: Decimal(1)})
    assert [rank for _, _, rank in tied] == [1, 2, 2, 4]


# Who sees what.

@pytest.fixture
def ranked(admin, street, five, catalogue):
    a, b, c, d, e = five
    months = _published_quarter(admin, street, 1, {a: (6, 6, 6), b: (9, 9, 9), c: (7, 7, 7), d: (7, 7, 7),
                                                   e: (2, 2, 2)}, catalogue["manual"])
    return actions.publish_ranking(admin, street, YEAR, 1), months


def test_it_shows_the_published_ranking_and_month_to_a_community_secretary(login, community_a, community_b, ranked):
    ranking, months = ranked
    client = login("secretary_a")
    page = client.get(f"/assessment/rankings/{ranking.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for m in months:  # own unit links to its breakdowns, others are plain text
        assert f"/assessment/months/{m.pk}/units/{community_a.pk}/" in html
        assert f"/assessment/months/{m.pk}/units/{community_b.pk}/" not in html
    assert "1、2、2、4" in html and "?format=xlsx" in html
    month_page = client.get(f"/assessment/months/{months[0].pk}/")
    assert month_page.status_code == 200
    assert f'data-org="{community_a.name}"' in month_page.content.decode()
    assert f'data-org="{community_b.name}"' not in month_page.content.decode()


def test_it_shows_a_secretary_their_own_breakdown_only(login, community_a, community_b, ranked):
    _, months = ranked
    client = login("secretary_a")
    own = client.get(f"/assessment/months/{months[0].pk}/units/{community_a.pk}/")
    assert own.status_code == 200 and "基础资料规范" in own.content.decode()
    assert 'data-testid="score-form"' not in own.content.decode()
    assert client.get(f"/assessment/months/{months[0].pk}/units/{community_b.pk}/").status_code == 404
    assert login("member").get(f"/assessment/months/{months[0].pk}/units/{community_a.pk}/").status_code == 404


def test_it_hides_a_draft_month_from_a_community_secretary(login, admin, street, community_a, catalogue):
    month = _open(admin, street, 6, scored=False)
    client = login("secretary_a")
    assert client.get(f"/assessment/months/{month.pk}/").status_code == 404
    assert client.get(f"/assessment/months/{month.pk}/units/{community_a.pk}/").status_code == 404
    assert f"/assessment/months/{month.pk}/" not in client.get("/assessment/months/").content.decode()
    assert login("street_admin").get(f"/assessment/months/{month.pk}/").status_code == 200


def test_it_exports_the_ranking_in_rank_order(login, five, ranked):
    ranking, _ = ranked
    response = login("secretary_a").get(f"/assessment/rankings/{ranking.pk}/?format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    header_row = next(i for i, row in enumerate(sheet.iter_rows(values_only=True), start=1) if row[0] == "名次")
    rows = [row for row in sheet.iter_rows(min_row=header_row + 1, values_only=True) if row[0] is not None]
    entries = list(ranking.entries.select_related("organization"))
    assert [(r[0], r[1]) for r in rows] == [(e.rank, e.organization.name) for e in entries]
    assert [r[0] for r in rows] == [1, 2, 2, 4, 5]


def test_it_lets_only_the_committee_open_a_month(login, community_a):
    response = login("secretary_a").post("/assessment/months/open/", {"street": community_a.pk, "year": YEAR,
                                                                      "month": 7})
    assert response.status_code == 403
    assert not AssessmentMonth.objects.filter(year=YEAR, month=7).exists()
    assert login("secretary_a").post("/assessment/rankings/publish/", {
        "street": community_a.pk, "year": YEAR, "quarter": 1}).status_code == 403


def test_it_opens_and_computes_a_month_from_the_list_page(login, street, catalogue):
    client = login("street_admin")
    assert 'data-testid="open-month"' in client.get("/assessment/months/").content.decode()
    response = client.post("/assessment/months/open/", {"street": street.pk, "year": YEAR, "month": 8})
    month = AssessmentMonth.objects.get(street=street, year=YEAR, month=8)
    assert response.status_code == 302 and response["Location"] == month.get_absolute_url()
    assert month.computed_at is not None and month.scores.count() == 2 * len(scoring.units(street))
    assert 'data-testid="open-month"' not in login("secretary_a").get("/assessment/months/").content.decode()


def test_it_refuses_to_open_a_month_not_yet_begun(admin, street):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="尚未开始"):
        actions.open_month(admin, street, today.year + 1, 1)
    assert not AssessmentMonth.objects.filter(year=today.year + 1).exists()


def test_it_refuses_a_secretary_posting_to_a_published_months_steps(login, community_a, ranked):
    _, months = ranked
    month = months[0]
    line = MonthlyScore.objects.filter(month=month, organization=community_a).first()
    client = login("secretary_a")
    history = LogEntry.objects.get_for_object(month).count()
    for url in (f"/assessment/months/{month.pk}/compute/", f"/assessment/months/{month.pk}/publish/",
                f"/assessment/scores/{line.pk}/"):
        assert client.post(url, {"score": "1", "reason": "改分"}).status_code == 403, url
    line.refresh_from_db()
    assert line.score == Decimal(6) and LogEntry.objects.get_for_object(month).count() == history


# History: each step names who took it.

def test_it_records_who_computed_and_who_published_a_month(login, admin, street, community_a, catalogue):
    month = actions.open_month(admin, street, YEAR, 5)
    client = login("street_admin")
    assert client.post(f"/assessment/months/{month.pk}/compute/").status_code == 302
    for line in MonthlyScore.objects.filter(month=month, indicator__method=Method.MANUAL):
        actions.set_score(admin, line, 7, "资料基本齐全")
    assert client.post(f"/assessment/months/{month.pk}/publish/").status_code == 302
    month.refresh_from_db()
    assert month.is_published and month.published_by == admin
    entries = list(LogEntry.objects.get_for_object(month).order_by("pk"))
    assert [(e.action, e.actor, (e.additional_data or {}).get("step")) for e in entries] == [
        (LogEntry.Action.CREATE, admin, None),
        (LogEntry.Action.UPDATE, admin, "计算得分"),
        (LogEntry.Action.UPDATE, admin, "发布"),
    ]
    assert entries[2].changes_dict["status"] == ["draft", "published"]


# The page offers a step only where the step would be accepted.

def test_it_offers_publishing_only_when_the_month_may_be_published(login, admin, street, catalogue):
    client = login("street_admin")
    unscored = _open(admin, street, 9, scored=False)
    page = client.get(f"/assessment/months/{unscored.pk}/").content.decode()
    assert 'data-testid="publish"' not in page and "人工评分未完成" in page
    assert not actions.may_publish_month(admin, unscored)
    with pytest.raises(Refused, match="人工评分未完成"):
        actions.publish_month(admin, unscored)
    ready = _open(admin, street, 10)
    assert actions.may_publish_month(admin, ready)
    assert 'data-testid="publish"' in client.get(f"/assessment/months/{ready.pk}/").content.decode()
    assert not actions.may_publish_month(world.user("cadre"), ready)
    with pytest.raises(Refused) as refused:
        actions.publish_month(world.user("cadre"), ready)
    assert refused.value.status == 403
    published = actions.publish_month(admin, ready)
    assert not actions.may_publish_month(admin, published) and not actions.may_compute_month(admin, published)
    page = client.get(f"/assessment/months/{published.pk}/").content.decode()
    assert "/compute/" not in page and 'data-testid="publish"' not in page


def test_it_offers_next_the_last_finished_quarter_for_ranking(login):
    response = login("street_admin").get("/assessment/months/")
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    expected = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    assert (response.context["ranking_year"], int(response.context["default_quarter"])) == expected


def test_it_seeds_a_published_ranking_of_the_last_finished_quarter(street):
    from dangjian.assessment.scores.pages import _ranking_kwargs
    from dangjian.assessment.scores.views import last_finished_quarter

    year, quarter = last_finished_quarter(timezone.localdate())
    ranking = QuarterlyRanking.objects.get(street=street, year=year, quarter=quarter)
    assert ranking.is_published and ranking.entries.exists()
    newest = QuarterlyRanking.objects.filter(street=street).order_by("-year", "-quarter").first()
    assert _ranking_kwargs() == {"pk": newest.pk}  # the page registry opens the newest one


# Draft months, frozen catalogue figures, early publishing, odd input.

@pytest.mark.parametrize("persona", ["cadre", "district_viewer", "secretary_a"])
def test_it_shows_a_draft_month_only_to_the_committee(login, admin, street, community_a, catalogue, persona):
    draft = _open(admin, street, 5)
    client = login(persona)
    assert client.get(reverse("assessment:month", kwargs={"pk": draft.pk})).status_code == 404
    url = reverse("assessment:breakdown", kwargs={"pk": draft.pk, "org_pk": community_a.pk})
    assert client.get(url).status_code == 404
    assert all(row["year"] != YEAR for row in client.get("/api/scores/").json()["results"])
    assert login("street_admin").get(url).status_code == 200


def test_it_keeps_a_published_months_totals_when_the_catalogue_changes(admin, street, community_a, catalogue):
    Indicator.objects.filter(pk=catalogue["auto"].pk).update(active=False)
    published = _open(admin, street, 6, publish=True)  # the manual line: 8 of 10, weight 2
    before = scoring.totals([published])[community_a.pk]
    Indicator.objects.filter(pk=catalogue["manual"].pk).update(weight=Decimal(3), max_score=Decimal(20))
    assert scoring.totals([published])[community_a.pk] == before == Decimal("16.00")


def test_it_refuses_to_change_how_a_published_indicator_is_scored(login, admin, street, catalogue):
    _open(admin, street, 7, publish=True)
    manual = catalogue["manual"]
    response = login("street_admin").post(reverse("assessment:indicator_edit", kwargs={"pk": manual.pk}), {
        "street": street.pk, "name": manual.name, "applies_to": "community", "method": "auto",
        "metric": "joint_activities", "target": "2", "max_score": "10", "weight": "2", "order": "1",
        "active": "on"})
    assert response.status_code == 200 and "已用于已发布的月考核" in response.content.decode()
    manual.refresh_from_db()
    assert manual.method == Method.MANUAL


def test_it_refuses_to_publish_a_month_that_has_not_ended(admin, street, catalogue):
    today = timezone.localdate()
    month = actions.open_month(admin, street, today.year, today.month)
    actions.compute_month(admin, month)
    for line in MonthlyScore.objects.filter(month=month, indicator__method=Method.MANUAL):
        actions.set_score(admin, line, 8, "资料齐全")
    with pytest.raises(ValidationError, match="尚未结束"):
        actions.publish_month(admin, month)
    assert not AssessmentMonth.objects.get(pk=month.pk).is_published


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "abc", "-1", "10.5"])
def test_it_refuses_a_score_that_is_not_a_number_in_range(login, admin, street, community_a, catalogue, raw):
    month = _open(admin, street, 8)
    line = _line(month, community_a, catalogue["manual"])
    response = login("street_admin").post(reverse("assessment:score_set", kwargs={"pk": line.pk}),
                                          {"score": raw, "reason": "复核"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.score == Decimal(8)


@pytest.mark.parametrize("scale", ["tiny", "district"])
@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2027, 2, 28), date(2028, 2, 29), date(2027, 3, 31),
                                   date(2027, 4, 1), date(2027, 5, 15), date(2027, 12, 31)])
def test_it_seeds_the_months_of_a_finished_quarter_whatever_the_date(scale, today):
    from types import SimpleNamespace

    from dangjian.assessment.scores.seed import _months
    from dangjian.assessment.scores.views import last_finished_quarter

    months = _months(today, SimpleNamespace(name=scale))
    year, quarter = last_finished_quarter(today)
    assert {(year, 3 * quarter - k) for k in range(3)} <= set(months)
    assert months == sorted(months) and all((y, m) < (today.year, today.month) for y, m in months)
    if scale == "district":
        assert len(months) <= 5  # the larger scales stay quick to seed
