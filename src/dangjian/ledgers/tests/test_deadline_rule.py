"""Every problem can be chased: whatever its source, it gets a deadline from its street's rule, a
responsible organization and person; the street edits the rule on its own page, nobody else can."""

from datetime import date, timedelta

from django.utils import timezone

from dangjian.governance.actions import to_problem
from dangjian.governance.models import SentimentReport
from dangjian.ledgers import actions
from dangjian.ledgers.models import ContactPoint, DeadlineRule, Problem, Visit
from dangjian.testing import world
from dangjian.testing.browser_form import main_form

from .test_problems_ledger import _visit_form


def _rule_form(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200
    data = main_form(page.content.decode(), url).data()
    data.update({k: str(v) for k, v in changes.items()})
    return client.post(url, data)


def test_a_problem_found_on_a_visit_gets_the_default_deadline_and_the_communitys_secretary(login, community_a):
    ContactPoint.objects.create(cadre=world.user("cadre"), community=community_a, start=date(2026, 1, 1))
    response = login("cadre").post("/ledgers/visits/add/", _visit_form(
        community_a, **{"problems-0-title": "楼道照明不足", "problems-0-category": "service"}))
    assert response.status_code == 302
    problem = Problem.objects.get(source_visit=Visit.objects.get(look="察看党群服务中心"))
    assert problem.deadline == timezone.localdate() + timedelta(days=15)
    assert problem.responsible_org == community_a
    assert problem.responsible_person_id == community_a.secretary_id
    page = login("secretary_a").get(problem.get_absolute_url()).content.decode()
    assert "未定" not in page and f"{problem.deadline.year}" in page


def test_the_street_edits_its_rule_through_the_form_and_new_problems_follow_it(login, street, community_a):
    client = login("street_admin")
    rule = DeadlineRule.objects.get(street=street)  # the demo street works to the defaults
    assert (rule.days, rule.urgent_days) == (15, 3)
    assert _rule_form(client, f"/ledgers/deadline-rules/{rule.pk}/edit/", days=12, urgent_days=2).status_code == 302
    rule.refresh_from_db()
    assert (rule.days, rule.urgent_days) == (12, 2)
    assert "12 天" in client.get("/ledgers/deadline-rules/").content.decode()
    user = world.user("secretary_a")
    plain = actions.create_problem(user, community_a, title="宣传栏破损", category="position", source="self")
    urgent = actions.create_problem(user, community_a, title="燃气管道泄漏", category="service", source="self",
                                    severity="critical")
    today = timezone.localdate()
    assert plain.deadline == today + timedelta(days=12) and urgent.deadline == today + timedelta(days=2)


def test_a_deadline_given_by_hand_is_kept(community_a):
    given = timezone.localdate() + timedelta(days=40)
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="台账不全", category="other",
                                     source="self", deadline=given)
    assert problem.deadline == given


def test_an_urgent_report_becomes_a_problem_with_the_short_deadline(community_a):
    report = SentimentReport.objects.create(community=community_a, reporter=world.user("grid"), topic="井盖缺失",
                                            content="5号楼前井盖缺失", urgency=SentimentReport.Urgency.URGENT)
    problem = to_problem(world.user("secretary_a"), report)
    assert problem.deadline == timezone.localdate() + timedelta(days=3)
    assert problem.responsible_person_id == community_a.secretary_id


def test_a_bad_rule_is_refused_in_chinese_and_changes_nothing(login, street):
    client = login("street_admin")
    rule = DeadlineRule.objects.get(street=street)
    url = f"/ledgers/deadline-rules/{rule.pk}/edit/"
    response = _rule_form(client, url, days=5, urgent_days=9)
    assert response.status_code == 200 and "紧急问题的整改时限不能长于一般问题" in response.content.decode()
    assert "1 到 365 天" in _rule_form(client, url, days=0, urgent_days=0).content.decode()
    response = _rule_form(client, "/ledgers/deadline-rules/add/", street=street.pk, days=9, urgent_days=2)
    assert "该街道已制定整改时限规则" in response.content.decode()
    assert list(DeadlineRule.objects.values_list("days", "urgent_days")) == [(15, 3)]


def test_only_the_street_may_set_the_rule(login, street):
    rule = DeadlineRule.objects.get(street=street)
    for persona in ("secretary_a", "branch_secretary", "cadre"):
        client = login(persona)
        assert client.get(f"/ledgers/deadline-rules/{rule.pk}/edit/").status_code in (403, 404), persona
        client.post(f"/ledgers/deadline-rules/{rule.pk}/edit/", {"days": 99, "urgent_days": 1})
    rule.refresh_from_db()
    assert (rule.days, rule.urgent_days) == (15, 3)
