"""Each person starts from their own to-do list, and every count equals the list it links to."""

import re

import pytest
from django.utils import timezone

from dangjian.ledgers import actions as ledgers
from dangjian.testing import world

STAFF = ["street_admin", "cadre", "secretary_a", "secretary_b", "branch_secretary", "grid_worker", "district_viewer"]
EXPECTED = {  # at least these kinds of waiting work, by who lands on the page
    "street_admin": {"problems_to_verify", "close_requests", "problems_overdue", "tasks_due", "splits_to_report",
                     "notices", "summary_due", "points_to_decide", "nominations_to_decide", "registrations",
                     "wishes_to_review", "reports_to_handle"},
    "secretary_a": {"problems_to_verify", "problems_overdue", "tasks_due", "splits_to_report", "notices",
                    "summary_due", "points_to_decide", "nominations_to_decide", "registrations", "wishes_to_review",
                    "reports_to_handle", "visits_overdue"},
    "branch_secretary": {"problems_overdue", "tasks_due", "notices", "points_to_decide"},
    "grid_worker": {"notices", "visits_overdue"},
    "cadre": {"notices", "week_visits"},
}


def _landing(client):
    html = client.get("/").content.decode()
    return dict(re.findall(r'data-todo="([\w]+)">\s*<span>[^<]*</span><span[^>]*>(\d+)</span>', html))


@pytest.mark.parametrize("persona", STAFF)
def test_each_staff_member_lands_on_their_to_do_list_whose_counts_equal_the_lists(login, persona):
    client = login(persona)
    items = _landing(client)
    assert EXPECTED.get(persona, set()) <= set(items), set(EXPECTED.get(persona, set())) - set(items)
    for key, count in items.items():
        listed = client.get(f"/todo/{key}/")
        assert listed.status_code == 200
        assert listed.context["paginator"].count == int(count), (persona, key)


@pytest.mark.parametrize("persona, target", [("member", "/me/"), ("resident", "/p/"), ("volunteer", "/p/")])
def test_members_land_on_their_own_page_and_residents_on_the_board(login, persona, target):
    response = login(persona).get("/")
    assert response.status_code == 302 and response["Location"] == target


def test_a_resolved_problem_waits_for_the_level_above_and_a_close_request_too(login, community_a):
    secretary = world.user("secretary_a")
    before = _landing(login("street_admin"))
    problem = ledgers.create_problem(secretary, community_a, title="待验收示例", category="service", source="self",
                                     no_evidence_reason="现场核实，无书面材料", reason_accepted_by=world.user("street"))
    ledgers.resolve_problem(secretary, problem, "已处理")
    other = ledgers.create_problem(secretary, community_a, title="申请关闭示例", category="other", source="self",
                                   deadline=timezone.localdate())
    ledgers.request_close(secretary, other, "属于区级部门职责")
    after = _landing(login("street_admin"))
    assert int(after["problems_to_verify"]) == int(before["problems_to_verify"]) + 1
    assert int(after["close_requests"]) == int(before["close_requests"]) + 1
    rows = login("street_admin").get("/todo/close_requests/").content.decode()
    assert "申请关闭示例" in rows and "属于区级部门职责" in rows
    assert "problems_to_verify" not in _landing(login("secretary_a")) or "待验收示例" not in login(
        "secretary_a").get("/todo/problems_to_verify/").content.decode()


def test_another_persons_to_do_list_is_not_reachable(login):
    assert login("member").get("/todo/problems_to_verify/").status_code == 404
    assert login("grid_worker").get("/todo/nominations_to_decide/").status_code == 404
    assert login("street_admin").get("/todo/no_such_thing/").status_code == 404
