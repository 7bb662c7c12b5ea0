import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dangjian.governance import actions
from dangjian.governance.models import Decision, SentimentReport
from dangjian.ledgers import actions as ledger_actions
from dangjian.ledgers.models import Problem
from dangjian.testing import world


@pytest.fixture
def decision(community_a):
    return Decision.objects.create(community=community_a, title="加装电梯")


def _walk(user, decision, until):
    today = timezone.localdate()
    steps = {"solicit": {"opinions": 40}, "resolve": {"votes": (35, 2, 1)}}
    for stage in ("solicit", "propose", "deliberate", "resolve", "publish_decision"):
        if stage == until:
            return decision
        decision = actions.advance(user, decision, stage, today, "记录", **steps.get(stage, {}))
    return decision


def test_stages_go_strictly_in_order_and_publishing_needs_the_vote(login, decision):
    user = world.user("secretary_a")
    with pytest.raises(ValidationError, match="须按顺序办理"):
        actions.advance(user, decision, "propose", timezone.localdate(), "记录")
    decision = _walk(user, decision, "resolve")
    with pytest.raises(ValidationError, match="须按顺序办理"):
        actions.advance(user, decision, "publish_decision", timezone.localdate(), "记录")
    with pytest.raises(ValidationError, match="表决结果"):
        actions.advance(user, decision, "resolve", timezone.localdate(), "记录")
    client = login("secretary_a")
    page = client.post(
        f"/governance/decisions/{decision.pk}/advance/", {"stage": "publish_decision", "record": "x"}, follow=True
    )
    assert "须按顺序办理" in page.content.decode()
    api = client.post(
        f"/api/decisions/{decision.pk}/advance/",
        {"stage": "publish_decision", "record": "x"},
        content_type="application/json",
    )
    assert api.status_code == 400
    decision.refresh_from_db()
    assert decision.stage == "deliberate" and decision.votes_for is None
    api = client.post(
        f"/api/decisions/{decision.pk}/advance/",
        {"stage": "resolve", "record": "表决", "votes": [30, 3, 1]},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["votes_for"] == 30
    assert (
        client.post(
            f"/api/decisions/{decision.pk}/advance/",
            {"stage": "publish_decision", "record": "公开"},
            content_type="application/json",
        ).json()["stage"]
        == "publish_decision"
    )
    assert "加装电梯" in login("resident").get("/p/").content.decode()


def test_reopening_needs_a_reason_and_clears_the_vote(decision):
    user = world.user("secretary_a")
    decision = _walk(user, decision, None)
    assert decision.stage == "publish_decision"
    with pytest.raises(ValidationError, match="原因"):
        actions.reopen(user, decision, "resolve", "")
    decision = actions.reopen(user, decision, "resolve", "表决人数不足，重新表决")
    assert decision.stage == "deliberate" and decision.votes_for is None
    assert decision.steps.filter(stage="reopen").count() == 1


def test_a_report_becomes_a_problem_and_shows_its_resolution(login, community_a):
    grid = login("grid")
    assert (
        grid.post(
            "/governance/reports/add/",
            {"community": community_a.pk, "topic": "路灯不亮", "content": "3号楼前路灯坏了", "urgency": "normal"},
        ).status_code
        == 302
    )
    report = SentimentReport.objects.get(topic="路灯不亮")
    assert grid.get(f"/governance/reports/{report.pk}/").status_code == 200
    login("secretary_a").post(f"/governance/reports/{report.pk}/problem/")
    report.refresh_from_db()
    problem = report.problem
    assert problem.source == "sentiment" and problem.title == "路灯不亮"
    listed = login("secretary_a").get("/ledgers/problems/", {"state": "open", "source": "sentiment"})
    assert problem in listed.context["object_list"]
    ledger_actions.submit_reason(world.user("secretary_a"), problem, "现场更换，无书面材料")
    ledger_actions.accept_reason(world.user("street"), problem)
    ledger_actions.resolve_problem(world.user("secretary_a"), Problem.objects.get(pk=problem.pk), "已更换灯泡")
    page = login("secretary_a").get(f"/governance/reports/{report.pk}/").content.decode()
    assert "已整改" in page and "已更换灯泡" in page
