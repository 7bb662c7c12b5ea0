"""Two people completing the same stage at once (real database sessions): one stage, one history entry."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.workflow import Refused
from dangjian.governance import actions
from dangjian.governance.models import Decision
from dangjian.orgs.models import RoleAssignment
from dangjian.testing.concurrency import race, seeded_community

from .helpers import steps_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 4


def test_it_lets_one_of_four_simultaneous_clicks_complete_a_stage():
    community = seeded_community()
    users = [get_user_model().objects.create_user(f"clerk{i}", password="x") for i in range(N)]
    RoleAssignment.objects.bulk_create([
        RoleAssignment(user=u, organization=community, role=Role.COMMUNITY_SECRETARY, start=timezone.localdate())
        for u in users])
    decision = Decision.objects.create(community=community, title="并发办理")
    done, refused = race(N, lambda i: actions.advance(
        users[i], Decision.objects.get(pk=decision.pk), "solicit", timezone.localdate(), f"第{i}人", opinions=i),
        refusals=(Refused,))
    assert len(done) == 1 and len(refused) == N - 1
    assert all("请刷新" in m or "须按顺序办理" in m for m in refused)
    decision.refresh_from_db()
    assert decision.stage == "solicit" and decision.steps.count() == 1
    [(step, actor, _)] = steps_of(decision)
    assert step == "征求意见" and actor == done[0].steps.get().actor.username
