import os
import re
import shutil
import subprocess
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.ledgers import actions
from dangjian.ledgers.choices import ProblemStatus, Source
from dangjian.ledgers.models import ContactPoint, Problem, Visit
from dangjian.testing import world


def _visit_form(community, **problems):
    data = {"kind": "community", "organization": community.pk, "date": timezone.localdate().isoformat(),
            "look": "察看党群服务中心", "listen": "居民反映停车难", "speak": "宣传政策", "act": "协调物业",
            "problems-TOTAL_FORMS": "3", "problems-INITIAL_FORMS": "0", "problems-MIN_NUM_FORMS": "0",
            "problems-MAX_NUM_FORMS": "10"}
    data.update(problems)
    return data


def test_a_visit_with_two_problems_creates_them_with_the_visit_as_source(login, community_a):
    ContactPoint.objects.create(cadre=world.user("cadre"), community=community_a, start=date(2026, 1, 1))
    client = login("cadre")
    response = client.post("/ledgers/visits/add/", _visit_form(
        community_a, **{"problems-0-title": "楼道堆放杂物", "problems-0-category": "service",
                        "problems-1-title": "功能室长期闲置", "problems-1-category": "position"}))
    assert response.status_code == 302, response.context["form"].errors
    visit = Visit.objects.get(look="察看党群服务中心")
    problems = Problem.objects.filter(source_visit=visit).order_by("title")
    assert [p.title for p in problems] == ["功能室长期闲置", "楼道堆放杂物"]
    assert {(p.source, p.organization_id) for p in problems} == {(Source.VISIT, community_a.pk)}
    assert visit.cadre.username == "cadre"


def test_resolving_without_evidence_is_refused_with_a_message(login, community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="台账不规范", category="other",
                                     source="self")
    client = login("secretary_a")
    response = client.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "已整改"}, follow=True)
    assert "须上传至少一份佐证材料" in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN
    photo = SimpleUploadedFile("整改后.jpg", b"\xff\xd8\xff" + b"0" * 50, content_type="image/jpeg")
    client.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "已整改", "evidence_files": [photo]})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED and problem.evidence.count() == 1
    client.post(f"/ledgers/problems/{problem.pk}/verify/")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED  # a community cannot verify its own problem
    login("street_admin").post(f"/ledgers/problems/{problem.pk}/verify/")
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.VERIFIED and problem.verified_by.username == "street"


def test_the_ledger_overdue_figure_equals_the_rows_it_clicks_through_to(login, street, community_a):
    secretary = world.user("secretary_a")
    past = timezone.localdate() - timedelta(days=5)
    for i in range(3):
        actions.create_task(secretary, community_a, year=past.year, title=f"逾期{i}", category="brand", deadline=past)
        actions.create_problem(secretary, community_a, title=f"逾期问题{i}", category="brand", source="self",
                               found_on=past - timedelta(days=30), deadline=past)
    client = login("street_admin")
    html = client.get("/ledgers/", {"within": street.pk, "year": past.year}).content.decode()
    row = re.search(rf'<tr data-org="{community_a.name}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    for figure in ("task-overdue", "problem-overdue", "task-done", "problem-open"):
        href, shown = re.search(rf'<a href="([^"]+)" data-figure="{figure}"[^>]*>(\d+)</a>', row).groups()
        listed = client.get(href.replace("&amp;", "&"))
        assert listed.context["paginator"].count == int(shown), figure
    assert int(re.search(r'data-figure="task-overdue"[^>]*>(\d+)<', row).group(1)) >= 3


def test_the_exported_ledger_reads_back_and_opens_in_libreoffice(login, street, tmp_path):
    client = login("street_admin")
    year = timezone.localdate().year
    response = client.get("/ledgers/", {"within": street.pk, "year": year, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == f"{year}年{street.name}基层党建“三张清单”台账"
    assert sheet["B3"].value == "任务清单" and sheet["A3"].value == "组织"
    assert {"A3:A4", "B3:F3", "G3:L3"} <= {str(r) for r in sheet.merged_cells.ranges}
    html = client.get("/ledgers/", {"within": street.pk, "year": year}).content.decode()
    names = [r[0] for r in sheet.iter_rows(min_row=5, values_only=True)]
    assert names[-1] == "合计" and all(n in html for n in names[:-1])
    total = re.search(r'<tr data-org="合计"[^>]*>(.*?)</tr>', html, re.S).group(1)
    assert str(sheet.cell(sheet.max_row, 2).value) == re.search(r"<a [^>]*>(\d+)</a>", total).group(1)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("DANGJIAN_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice is required here (apt-get install libreoffice-calc-nogui)")
        pytest.skip("LibreOffice not installed")
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                             "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180)
    assert result.returncode == 0 and (tmp_path / "ledger.pdf").stat().st_size > 1000, result.stderr


def test_another_community_cannot_reach_a_communitys_ledger(login, community_a):
    client = login("secretary_b")
    assert client.get("/ledgers/", {"within": community_a.pk}).status_code == 404
    assert client.get("/ledgers/", {"within": community_a.pk, "format": "xlsx"}).status_code == 404
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="内部问题", category="other",
                                     source="self")
    assert client.get(f"/ledgers/problems/{problem.pk}/").status_code == 404
    assert client.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "x"}).status_code == 404
    assert client.get(f"/api/problems/{problem.pk}/").status_code == 404
    assert client.get("/ledgers/problems/", {"q": "内部问题"}).context["paginator"].count == 0
