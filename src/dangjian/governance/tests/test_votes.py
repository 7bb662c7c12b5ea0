"""A proposal the resident representatives vote down is never published as passed: it ends as 未通过 (or,
at the secretary's choice, goes back to 党组织提议), stays off the residents' board and out of the count of
completed decisions."""

from datetime import date

import pytest
from django.utils import timezone

from dangjian.core.metrics import Scope, rows
from dangjian.governance.models import STAGE_KEYS, Decision, vote_passes

from .helpers import post_stage, steps_of, walk


@pytest.fixture
def decision(community_a):
    return Decision.objects.create(community=community_a, title="小区广场改建停车场")


def _vote(client, decision, votes, if_failed="reject"):
    walk(client, decision, STAGE_KEYS[:3])
    return post_stage(client, decision, "resolve", votes_for=str(votes[0]), votes_against=str(votes[1]),
                      votes_abstain=str(votes[2]), if_failed=if_failed).content.decode()


def test_the_rule_is_more_than_half_of_the_votes_cast():
    assert vote_passes(16, 15, 0) and vote_passes(20, 5, 4)
    assert not vote_passes(15, 15, 0) and not vote_passes(10, 5, 5) and not vote_passes(0, 0, 0)
    assert not vote_passes(1, 30, 0)


def test_a_failed_vote_ends_as_rejected_and_is_never_published(login, decision, street):
    client = login("secretary_a")
    page = _vote(client, decision, (1, 30, 0))
    decision.refresh_from_db()
    assert decision.stage == "rejected" and decision.get_stage_display() == "未通过"
    assert "表决未通过" in page and "办理下一步" not in page and "退回重议" not in page
    step, actor, reason = steps_of(decision)[-1]
    assert step == "表决未通过" and "赞成1、反对30、弃权0" in reason
    page = post_stage(client, decision, "publish_decision").content.decode()
    assert Decision.objects.get(pk=decision.pk).stage == "rejected"
    api = client.post(f"/api/decisions/{decision.pk}/advance/", {"stage": "publish_decision", "record": "公开"},
                      content_type="application/json")
    assert api.status_code in (400, 409) and Decision.objects.get(pk=decision.pk).stage == "rejected"
    assert decision.title not in login("resident").get("/p/").content.decode()
    year = timezone.localdate().year
    counted = rows("decisions_completed", Scope(), street, date(year, 1, 1), date(year, 12, 31))
    assert counted.exists() and not counted.filter(pk=decision.pk).exists()


def test_a_failed_vote_may_go_back_for_a_revised_proposal_without_its_old_count(login, decision):
    client = login("secretary_a")
    _vote(client, decision, (10, 12, 3), if_failed="revise")
    decision.refresh_from_db()
    assert decision.stage == "solicit" and decision.votes_for is None and decision.votes_against is None
    assert steps_of(decision)[-1][0] == "表决未通过，退回重新提议"
    walk(client, decision, ["propose", "deliberate"])
    post_stage(client, decision, "resolve", votes_for="30", votes_against="2", votes_abstain="1")
    walk(client, decision, ["publish_decision"])
    assert decision.stage == "publish_decision"
    assert decision.title in login("resident").get("/p/").content.decode()


def test_the_vote_form_says_the_rule_and_labels_each_count(login, decision):
    client = login("secretary_a")
    walk(client, decision, STAGE_KEYS[:3])
    page = client.get(f"/governance/decisions/{decision.pk}/").content.decode()
    assert "赞成票超过投票总数" in page
    for label in ("赞成", "反对", "弃权", "如表决未通过"):
        assert f">{label}</" in page, label
