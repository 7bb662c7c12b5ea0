"""Regressions from the review of the ledgers: fixed placement, level-above decisions, supervision."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from dangjian.core.io.xlsx import build_workbook
from dangjian.ledgers import actions
from dangjian.ledgers.excel import TASK_COLUMNS
from dangjian.ledgers.models import Problem, SupervisionNotice, Task
from dangjian.orgs.models import Organization
from dangjian.testing import world


@pytest.fixture
def split(street, community_a, community_b):
    admin = world.user("street")
    parent = actions.create_task(admin, street, year=2026, title="共驻共建", category="regional",
                                 target_value=Decimal(24), deadline=date(2026, 12, 31))
    children = actions.split_task(admin, parent, [(community_a, Decimal(12), None, None),
                                                  (community_b, Decimal(12), None, None)])
    return parent, children


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
    with pytest.raises(ValidationError, match="已分解"):
        actions.split_task(admin, parent, [(community_a, Decimal(1), None, None)])
    other = actions.create_task(admin, community_a, year=2026, title="独立任务", category="other",
                                deadline=date(2026, 12, 31))
    for bad_parent in (child_a, other):
        other.parent = bad_parent
        with pytest.raises(ValidationError):
            other.full_clean()
    with pytest.raises(ValidationError, match="无需单独标记"):
        actions.mark_task_done(admin, parent)


def test_closing_a_problem_is_for_the_level_above(community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="不想整改", category="other",
                                     source="self")
    with pytest.raises(PermissionDenied):
        actions.close_problem(world.user("secretary_a"), problem, "不属于本级职责")
    actions.close_problem(world.user("street"), problem, "不属于本级职责")
    assert Problem.objects.get(pk=problem.pk).status == "closed"


def test_supervision_reaches_the_responsible_organization_and_settles(community_a, street):
    past = timezone.localdate() - timedelta(days=2)
    problem = actions.create_problem(world.user("street"), street, title="街道发现的问题", category="service",
                                     source="inspection", responsible_org=community_a, deadline=past,
                                     found_on=past - timedelta(days=20),
                                     responsible_person=world.user("member").person)
    call_command("remind", stdout=open("/dev/null", "w"))
    recipients = set(SupervisionNotice.objects.filter(problem=problem).values_list("recipient__username", flat=True))
    assert recipients == {"secretary_a"}  # the member cannot open the problem, so is not sent a dead link
    Problem.objects.get(pk=problem.pk).delete()
    call_command("remind", stdout=open("/dev/null", "w"))
    assert not SupervisionNotice.objects.filter(problem=problem, closed_at__isnull=True).exists()


def test_the_district_viewers_total_links_list_the_rows(login):
    client = login("district_viewer")
    response = client.get("/ledgers/")
    total = response.context["total"]
    listed = client.get(total.task_links["all"])
    assert listed.context["paginator"].count == total.task_total


@pytest.mark.parametrize("url", ["/ledgers/visits/cadres/?month=9999-12", "/ledgers/visits/cadres/?month=abc",
                                 "/ledgers/?year=99999", "/ledgers/problems/?year=0"])
def test_odd_query_strings_never_crash(login, url):
    assert login("street_admin").get(url).status_code in (200, 404)


def test_an_absurd_progress_value_gets_a_message(login, split):
    _, (child_a, _) = split
    response = login("secretary_a").post(f"/ledgers/tasks/{child_a.pk}/progress/",
                                         {"date": "2026-05-01", "value": "1e28", "note": "x"}, follow=True)
    assert response.status_code == 200 and not child_a.entries.exists()


def test_task_import_reports_model_limits_as_row_errors(login, community_a):
    headers = [c.header for c in TASK_COLUMNS]
    rows = [["2026", "任务", "区域化党建", "1000000000000", "个" * 30, "", "2026-12-31", community_a.name, "", "1.234"],
            ["40000", "任务", "区域化党建", "1", "个", "", "2026-12-31", community_a.name, "", "1"]]
    buf = BytesIO()
    build_workbook("任务", headers, rows).save(buf)
    before = Task.objects.count()
    response = login("secretary_a").post("/ledgers/tasks/import/",
                                         {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())})
    assert response.status_code == 200
    columns = {(e.row, e.column) for e in response.context["result"].errors}
    assert {(4, "目标值"), (4, "单位"), (4, "权重"), (5, "年度")} <= columns
    assert Task.objects.count() == before
