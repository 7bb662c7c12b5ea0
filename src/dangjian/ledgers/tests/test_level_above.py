"""Work assigned from above stays the level above's to change; closing and verifying are the level above's."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dangjian.core.workflow import Refused
from dangjian.ledgers import actions
from dangjian.ledgers.models import Problem
from dangjian.orgs.models import Organization
from dangjian.testing import world


def test_a_community_cannot_move_rewrite_or_delete_work_assigned_from_above(login, split, community_a):
    parent, (child_a, _) = split
    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").first()
    client = login("secretary_a")
    assert client.patch(f"/api/tasks/{child_a.pk}/", {"organization": branch.pk},
                        content_type="application/json").status_code == 400
    assert client.patch(f"/api/tasks/{child_a.pk}/", {"weight": "0.01"},
                        content_type="application/json").status_code == 403
    assert client.delete(f"/api/tasks/{child_a.pk}/").status_code == 403
    assert client.get(f"/ledgers/tasks/{child_a.pk}/edit/").status_code == 403
    child_a.refresh_from_db()
    assert (child_a.organization_id, child_a.weight, child_a.deleted_at) == (community_a.pk, Decimal(1), None)


def test_splits_stay_two_levels_and_happen_once(split, community_a):
    parent, (child_a, _) = split
    admin = world.user("street")
    with pytest.raises(Refused, match="已分解"):
        actions.split_task(admin, parent, [(community_a, Decimal(1), None, None)])
    other = actions.create_task(admin, community_a, year=2026, title="独立任务", category="other",
                                deadline=date(2026, 12, 31))
    for bad_parent in (child_a, other):
        other.parent = bad_parent
        with pytest.raises(ValidationError):
            other.full_clean()
    with pytest.raises(Refused, match="无需单独标记"):
        actions.mark_task_done(admin, parent)


def test_closing_a_problem_is_for_the_level_above(community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="不想整改", category="other",
                                     source="self")
    with pytest.raises(Refused, match="上级组织"):
        actions.close_problem(world.user("secretary_a"), problem, "不属于本级职责")
    actions.close_problem(world.user("street"), problem, "不属于本级职责")
    assert Problem.objects.get(pk=problem.pk).status == "closed"
