"""Odd query strings, absurd values and spreadsheets beyond the model's limits get messages, not errors."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.io.xlsx import build_workbook
from dangjian.ledgers.excel import TASK_COLUMNS
from dangjian.ledgers.models import Task


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
