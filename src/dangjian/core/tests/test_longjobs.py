"""Long jobs: the progress a person watches, the file they download, the reason and the retry when one fails."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core import longjobs
from dangjian.core.longjob_model import LongJob
from dangjian.core.longjobs import JobFailed, long_job
from dangjian.testing import world
from dangjian.testing.personas import PERSONAS

seen: dict = {}  # what the test kinds below saw while they ran


@long_job("test_six_steps", "六步测试")
def six_steps(user, progress, *, watcher: str):
    """At step 3 of 6 the person's browser asks how far it is."""
    for step in range(1, 7):
        progress(step, 6, f"第 {step} 步")
        if step == 3:
            client = Client()
            client.force_login(user)
            seen["partial"] = client.get(reverse("job_progress", kwargs={"pk": progress.job_id}))
            seen["page"] = client.get(reverse("job", kwargs={"pk": progress.job_id}))
    return "六步.txt", b"done"


@long_job("test_flaky", "偶尔失败的测试")
def flaky(user, progress, *, how: str):
    seen["runs"] = seen.get("runs", 0) + 1
    if seen["runs"] == 1:
        if how == "refused":
            raise JobFailed("所选社区没有本年度的数据")
        raise RuntimeError("a bug's traceback that nobody should read")
    return "结果.txt", b"ok"


@pytest.fixture(autouse=True)
def fresh_seen():
    seen.clear()
    yield
    seen.clear()


def _user(persona):
    return world.user(PERSONAS[persona])


def confirm(client, asked):
    """A large download's GET only asks (no job yet); its page's button POSTs to start it."""
    assert asked.status_code == 200 and "将在后台生成，完成后在待办中下载" in asked.content.decode()
    assert f'action="{reverse("job_start")}"' in asked.content.decode()
    return client.post(reverse("job_start"), {"token": asked.context["token"]})


def test_it_shows_the_progress_while_the_job_runs(login):
    job = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="secretary_a")
    partial = seen["partial"].content.decode()
    assert seen["partial"].status_code == 200
    assert 'data-bar="50"' in partial and "50%" in partial and "第 3 步" in partial
    assert 'hx-trigger="every 1s"' in partial  # still running: the page keeps asking
    assert "生成中" in seen["page"].content.decode()
    page = login("secretary_a").get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in page  # done: the polling stops
    assert 'data-bar="100"' in page and reverse("job_download", kwargs={"pk": job.pk}) in page


def test_it_exports_a_large_roster_as_a_job_whose_file_is_the_roster(login, monkeypatch):
    client = login("secretary_a")
    direct = load_workbook(BytesIO(client.get(reverse("members:member_export")).content))
    rows = direct.active.max_row - 3
    assert rows > 5
    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 5)  # the tiny world's roster counts as "large"
    before = LongJob.objects.count()
    asked = client.get(reverse("members:member_export"))
    assert f"约 {rows} 行" in asked.content.decode() and LongJob.objects.count() == before  # a GET starts nothing
    response = confirm(client, asked)
    job = LongJob.objects.filter(user=_user("secretary_a")).latest("id")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == LongJob.DONE and job.filename == "党员名册.xlsx" and job.total == rows
    page = client.get(job.get_absolute_url()).content.decode()
    assert "党员名册.xlsx" in page
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))
    values = [[c for c in row] for row in book.active.iter_rows(min_row=3, values_only=True)]
    assert values == [[c for c in row] for row in direct.active.iter_rows(min_row=3, values_only=True)]
    job.refresh_from_db()
    assert job.downloaded_at is not None


def test_it_exports_a_large_list_page_with_its_filters(login, monkeypatch):
    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 1)
    client = login("street_admin")
    response = confirm(client, client.get(reverse("services:volunteer_list") + "?format=xlsx"))
    job = LongJob.objects.filter(user=_user("street_admin")).latest("id")
    assert job.params["query"] == "format=xlsx"
    assert response.status_code == 302 and job.status == LongJob.DONE, job.error
    book = load_workbook(BytesIO(b"".join(client.get(reverse("job_download", kwargs={"pk": job.pk}))
                                        .streaming_content)))
    assert book.active.max_row > 3


def test_it_keeps_a_small_export_a_direct_download(login):
    response = login("secretary_a").get(reverse("members:member_export"))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not LongJob.objects.filter(user=_user("secretary_a"), kind="download", status=LongJob.QUEUED).exists()


def test_it_says_why_a_job_failed_in_chinese_and_retries_it(login):
    client = login("secretary_a")
    job = longjobs.start(_user("secretary_a"), "test_flaky", how="bug")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "系统内部错误" in page and "traceback" not in page and "重试" in page
    assert reverse("job_retry", kwargs={"pk": job.pk}) in page
    response = client.post(reverse("job_retry", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == LongJob.DONE and job.attempts == 2 and job.error == ""
    # the retry is in the job's history
    from auditlog.models import LogEntry

    steps = [e.additional_data.get("step") for e in LogEntry.objects.get_for_object(job) if e.additional_data]
    assert "重试" in steps and "生成失败" in steps


def test_it_shows_the_builders_own_reason(login):
    job = longjobs.start(_user("secretary_a"), "test_flaky", how="refused")
    page = login("secretary_a").get(job.get_absolute_url()).content.decode()
    assert "所选社区没有本年度的数据" in page


def test_it_refuses_to_retry_a_job_that_did_not_fail(login):
    job = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="x")
    client = login("secretary_a")
    client.post(reverse("job_retry", kwargs={"pk": job.pk}))
    job.refresh_from_db()
    assert job.status == LongJob.DONE and job.attempts == 1


@pytest.mark.parametrize("name", ["job", "job_progress", "job_download"])
def test_it_hides_another_persons_job(login, name):
    job = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="x")
    for persona in ("secretary_b", "street_admin", "member"):
        assert login(persona).get(reverse(name, kwargs={"pk": job.pk})).status_code == 404


def test_it_lets_no_one_else_retry_a_job(login):
    seen["runs"] = 0
    job = longjobs.start(_user("secretary_a"), "test_flaky", how="bug")
    assert login("street_admin").post(reverse("job_retry", kwargs={"pk": job.pk})).status_code == 404
    job.refresh_from_db()
    assert job.status == LongJob.FAILED


def test_it_lists_the_finished_file_in_the_to_do_list_until_downloaded(login):
    client = login("secretary_a")
    job = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="x")
    download = reverse("job_download", kwargs={"pk": job.pk})
    home = client.get(reverse("home")).content.decode()
    assert 'data-todo="job_downloads"' in home
    listed = client.get(reverse("todo", kwargs={"key": "job_downloads"})).content.decode()
    assert download in listed and "六步.txt" in listed
    assert client.get(download).status_code == 200
    assert download not in client.get(reverse("todo", kwargs={"key": "job_downloads"})).content.decode()


def test_it_lists_failed_jobs_in_the_to_do_list(login):
    client = login("secretary_a")
    job = longjobs.start(_user("secretary_a"), "test_flaky", how="bug")
    listed = client.get(reverse("todo", kwargs={"key": "job_failures"})).content.decode()
    assert job.get_absolute_url() in listed and "系统内部错误" in listed


def test_it_lists_my_jobs_only(login):
    mine = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="x")
    theirs = longjobs.start(_user("secretary_b"), "test_six_steps", watcher="x")
    page = login("secretary_a").get(reverse("jobs")).content.decode()
    assert mine.get_absolute_url() in page and theirs.get_absolute_url() not in page


def _report(client, job):
    book = load_workbook(BytesIO(b"".join(client.get(reverse("job_download", kwargs={"pk": job.pk}))
                                        .streaming_content)))
    return book.active


def test_it_imports_a_large_roster_as_a_job_all_or_nothing(login, community_a, monkeypatch):
    from dangjian.members.models import PartyMember
    from dangjian.members.tests.helpers import roster_rows, xlsx_upload
    from dangjian.orgs.models import Organization

    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()
    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 20)
    client = login("secretary_a")
    rows = roster_rows(30, branch.name)
    rows[9][7] = "不存在的党支部"
    before = PartyMember.objects.count()
    response = client.post("/members/import/", {"file": xlsx_upload(rows)})
    job = LongJob.objects.filter(user=_user("secretary_a"), kind="members_import").latest("id")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == LongJob.DONE and "发现 1 处错误" in job.step
    assert PartyMember.objects.count() == before  # one bad row: nothing written
    sheet = _report(client, job)
    assert [r for r in sheet.iter_rows(min_row=4, values_only=True)] == [(13, "所在支部", sheet.cell(4, 3).value)]
    assert "不存在的党支部" in sheet.cell(4, 3).value
    rows[9][7] = branch.name
    client.post("/members/import/", {"file": xlsx_upload(rows)})
    job = LongJob.objects.filter(user=_user("secretary_a"), kind="members_import").latest("id")
    assert job.status == LongJob.DONE and job.step.startswith("导入完成：新增 30 人")
    assert PartyMember.objects.count() == before + 30
    assert "导入完成" in _report(client, job).cell(2, 1).value


def test_it_keeps_a_small_import_in_the_request(login, community_a):
    from dangjian.members.tests.helpers import roster_rows, xlsx_upload
    from dangjian.orgs.models import Organization

    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()
    response = login("secretary_a").post("/members/import/", {"file": xlsx_upload(roster_rows(5, branch.name))})
    assert response.status_code == 200 and response.context["result"].ok
    assert not LongJob.objects.filter(kind="members_import").exists()


def test_it_composes_the_annual_report_for_its_pdf_in_the_job_only(login, street, monkeypatch):
    from django.utils import timezone

    from dangjian.reports.views import annual

    composed = []
    compose = annual.compose
    monkeypatch.setattr(annual, "compose", lambda *a, **k: composed.append(1) or compose(*a, **k))
    client = login("street_admin")
    year = timezone.localdate().year
    asked = client.get(reverse("reports:annual") + f"?within={street.pk}&year={year}&format=pdf")
    assert "文件较大，将在后台生成" in asked.content.decode() and composed == []  # the GET only asks
    confirm(client, asked)
    assert composed == [1]  # once, in the job (a PDF missing LibreOffice fails there, saying so)


def test_it_makes_the_annual_report_pdf_as_a_job(login, street):
    import os

    from django.utils import timezone

    from dangjian.core.io.pdf import libreoffice_path

    if libreoffice_path() is None:
        if os.environ.get("DANGJIAN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("LibreOffice is required here")
        pytest.skip("LibreOffice is not installed")
    client = login("street_admin")
    year = timezone.localdate().year
    response = confirm(client, client.get(reverse("reports:annual") + f"?within={street.pk}&year={year}&format=pdf"))
    job = LongJob.objects.filter(user=_user("street_admin")).latest("id")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == LongJob.DONE, job.error
    assert job.filename.endswith("年度落实情况报告.pdf") and "年度报告 PDF" in job.label
    data = b"".join(client.get(reverse("job_download", kwargs={"pk": job.pk})).streaming_content)
    assert data.startswith(b"%PDF-")


@long_job("test_watched_from_outside", "另一连接观察的测试")
def watched(user, progress):
    """Another request (another connection, in another thread) reads the row while the worker runs the job."""
    import threading

    from django.db import connection, connections, transaction

    def look(key):
        def read():
            try:
                seen[key] = LongJob.objects.values_list("done", "total", "step").get(pk=progress.job_id)
            finally:
                connections.close_all()

        thread = threading.Thread(target=read)
        thread.start()
        thread.join(10)

    progress(3, 6, "第 3 步")
    look("outside")
    if connection.vendor == "postgresql":  # SQLite has one writer: inside a transaction the bar waits
        with transaction.atomic():
            progress(5, 6, "写入中")
            look("inside")
    return "结果.txt", b"ok"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_commits_the_progress_so_another_request_sees_it_while_the_worker_runs(monkeypatch):
    from huey.storage import MemoryStorage

    from dangjian.core import queue
    from dangjian.testing.concurrency import seeded_community

    seeded_community()  # a transactional test after others may find the database emptied
    monkeypatch.setattr(queue.huey, "_immediate", False)
    monkeypatch.setattr(queue.huey, "storage", MemoryStorage(queue.NAME))
    job = longjobs.start(_user("secretary_a"), "test_watched_from_outside")
    assert LongJob.objects.get(pk=job.pk).status == LongJob.QUEUED  # waits for a worker
    assert queue.drain() == 1
    assert seen["outside"] == (3, 6, "第 3 步")
    from django.db import connection

    if connection.vendor == "postgresql":
        assert seen["inside"] == (5, 6, "写入中")
    assert LongJob.objects.get(pk=job.pk).status == LongJob.DONE


def test_it_fails_a_job_whose_worker_died_and_clears_month_old_jobs_with_their_files(login):
    from datetime import timedelta

    from django.utils import timezone

    stalled = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="x")
    old = longjobs.start(_user("secretary_a"), "test_six_steps", watcher="x")
    storage, name = old.result.storage, LongJob.objects.get(pk=old.pk).result.name
    assert storage.exists(name)
    LongJob.objects.filter(pk=stalled.pk).update(status=LongJob.RUNNING, started=timezone.now() - timedelta(hours=4))
    LongJob.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=31))
    assert longjobs.tidy(timezone.localdate()) == "中断 1 个，清除 1 个"
    stalled.refresh_from_db()
    assert stalled.status == LongJob.FAILED and "后台处理中断" in stalled.error
    assert not LongJob.objects.filter(pk=old.pk).exists() and not storage.exists(name)
    page = login("secretary_a").get(stalled.get_absolute_url()).content.decode()
    assert "后台处理中断" in page and "重试" in page


def test_it_imports_a_large_task_list_as_a_job(login, community_a, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from dangjian.core.io.xlsx import build_workbook
    from dangjian.ledgers.excel import TASK_COLUMNS
    from dangjian.ledgers.models import Task

    year = timezone.localdate().year
    rows = [[str(year), f"开展共驻共建活动第{i}项", "区域化党建", "12", "次", "", f"{year}-12-31", community_a.name, "",
             "1"] for i in range(4)]
    buf = BytesIO()
    build_workbook("任务", [c.header for c in TASK_COLUMNS], rows).save(buf)
    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 2)
    before = Task.objects.count()
    client = login("secretary_a")
    response = client.post("/ledgers/tasks/import/", {"file": SimpleUploadedFile("t.xlsx", buf.getvalue())})
    job = LongJob.objects.filter(user=_user("secretary_a"), kind="tasks_import").latest("id")
    assert response.status_code == 302 and job.status == LongJob.DONE, job.error
    assert job.step == "导入完成：已导入 4 项任务。" and Task.objects.count() == before + 4
    assert _report(client, job).cell(2, 1).value.startswith("导入完成：已导入 4 项任务。")


def test_it_replays_a_full_export_with_its_reason_and_logs_it_when_it_runs(login, monkeypatch):
    from dangjian.core.models import ExportLog

    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 5)
    client = login("secretary_a")
    response = client.post(reverse("members:member_export_full"), {"reason": "换届选举核对党员信息"})
    job = LongJob.objects.filter(user=_user("secretary_a")).latest("id")
    assert response.status_code == 302 and job.status == LongJob.DONE, job.error
    assert job.filename == "党员名册_完整.xlsx" and job.params["data"] == {"reason": ["换届选举核对党员信息"]}
    log = ExportLog.objects.filter(user=_user("secretary_a")).latest("created")
    assert log.reason == "换届选举核对党员信息" and log.rows > 5
    sheet = _report(client, job)
    assert sheet.max_row - 3 == log.rows
