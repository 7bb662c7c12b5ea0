"""Long jobs kept safe: files sealed at rest, a job its owner's alone (an operator's too), a GET that only asks,
a failure of the storage or of the worker that ends in a reason and not in an endless 生成中, a lost file."""

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core import longjobs
from dangjian.core.longjob_model import LongJob
from dangjian.core.longjobs import long_job
from dangjian.testing import world
from dangjian.testing.personas import PERSONAS

from .test_longjobs import confirm

seen: dict = {}


@long_job("test_plain", "简单测试")
def plain(user, progress):
    return "结果.txt", b"ok"


@long_job("test_outlived", "后台清理时仍在运行的测试")
def outlived(user, progress, *, retry_meanwhile: bool = False):
    """`tidy` takes this run for dead (started 4 h ago) while it still works; the person may even retry."""
    seen["attempts"] = seen.get("attempts", 0) + 1
    if seen["attempts"] == 1:
        LongJob.objects.filter(pk=progress.job_id).update(started=timezone.now() - timedelta(hours=4))
        assert longjobs.tidy(timezone.localdate()).startswith("中断 1 个")
        if retry_meanwhile:
            longjobs.retry(user, LongJob.objects.get(pk=progress.job_id))  # runs now (immediate mode)
    return f"第{seen['attempts']}次.txt", f"attempt {seen['attempts']}".encode()


@pytest.fixture(autouse=True)
def fresh_seen():
    seen.clear()
    yield
    seen.clear()


def _user(persona):
    return world.user(PERSONAS[persona])


def _download(client, job):
    return client.get(reverse("job_download", kwargs={"pk": job.pk}))


def _stored(job) -> bytes:
    job.refresh_from_db()
    with job.result.storage.open(job.result.name, "rb") as fh:
        return fh.read()


def test_it_seals_a_full_roster_export_at_rest_and_opens_it_on_download(login, monkeypatch):
    from dangjian.members.models import PartyMember

    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 5)
    client = login("secretary_a")
    client.post(reverse("members:member_export_full"), {"reason": "换届选举核对党员信息"})
    job = LongJob.objects.filter(user=_user("secretary_a")).latest("id")
    assert job.status == LongJob.DONE, job.error
    raw = _stored(job)
    assert not zipfile.is_zipfile(BytesIO(raw)) and b"PK\x03\x04" not in raw[:64]  # not an .xlsx on the disk
    download = _download(client, job)
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    numbers = {str(v) for row in sheet.iter_rows(min_row=4, values_only=True) for v in row if v}
    member = PartyMember.objects.visible_to(_user("secretary_a")).select_related("person").first()
    assert member.person.id_number in numbers  # in full, as the full export is meant to be


def test_it_hides_a_job_from_everyone_but_its_owner_even_an_operator(db):
    root = get_user_model().objects.create_superuser("root_jobs", password="Root@2026pass")
    client = Client()
    client.force_login(root)
    done = longjobs.start(_user("secretary_a"), "test_plain")
    failed = LongJob.objects.create(user=_user("secretary_a"), kind="test_plain", label="失败的", status=LongJob.FAILED,
                                    error="生成失败：测试")
    for name in ("job", "job_progress", "job_download"):
        assert client.get(reverse(name, kwargs={"pk": done.pk})).status_code == 404, name
    assert client.post(reverse("job_retry", kwargs={"pk": failed.pk})).status_code == 404
    failed.refresh_from_db()
    assert failed.status == LongJob.FAILED
    done.refresh_from_db()
    assert done.downloaded_at is None
    assert done.get_absolute_url() not in client.get(reverse("jobs")).content.decode()


def test_it_fails_a_job_whose_file_cannot_be_stored_with_a_reason(login, monkeypatch):
    storage = LongJob._meta.get_field("result").storage

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "save", full_disk)
    job = longjobs.start(_user("secretary_a"), "test_plain")
    job.refresh_from_db()
    assert job.status == LongJob.FAILED
    assert job.error == "生成失败：文件未能保存（存储空间不可用），请稍后重试或联系管理员"
    page = login("secretary_a").get(job.get_absolute_url()).content.decode()
    assert "文件未能保存" in page and "hx-trigger" not in page and "重试" in page and "No space" not in page


def test_it_keeps_the_result_of_a_job_that_tidy_took_for_dead_while_it_still_ran(db):
    job = longjobs.start(_user("secretary_a"), "test_outlived")
    job.refresh_from_db()
    assert job.status == LongJob.DONE and job.error == "" and job.filename == "第1次.txt"
    assert longjobs.read_result(job) == b"attempt 1"


def test_it_keeps_one_file_when_a_retry_overtook_a_run_that_tidy_took_for_dead(db, monkeypatch):
    storage = LongJob._meta.get_field("result").storage
    saved, save = [], storage.save
    monkeypatch.setattr(storage, "save", lambda *a, **k: saved.append(save(*a, **k)) or saved[-1])
    job = longjobs.start(_user("secretary_a"), "test_outlived", retry_meanwhile=True)
    job.refresh_from_db()
    assert job.status == LongJob.DONE and job.attempts == 2 and job.filename == "第2次.txt"
    assert longjobs.read_result(job) == b"attempt 2"
    assert len(saved) == 2 and saved[0] == job.result.name  # the retry finished first: its file is kept
    assert not storage.exists(saved[1])  # the overtaken run's file is removed, not orphaned


def test_it_says_in_chinese_that_a_file_is_gone_and_keeps_it_in_the_to_do_list(login):
    job = longjobs.start(_user("secretary_a"), "test_plain")
    job.refresh_from_db()
    job.result.storage.delete(job.result.name)
    response = _download(login("secretary_a"), job)
    assert response.status_code == 404 and "该文件已不存在或已无法打开" in response.content.decode()
    job.refresh_from_db()
    assert job.downloaded_at is None


def test_it_asks_before_a_get_starts_a_large_export_and_starts_it_for_that_person_only(login, monkeypatch):
    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 1)
    url = reverse("services:volunteer_list") + "?format=xlsx"
    client = login("street_admin")
    before = LongJob.objects.count()
    asked = client.get(url)
    assert asked.status_code == 200 and LongJob.objects.count() == before
    page = asked.content.decode()
    assert "csrfmiddlewaretoken" in page and 'method="post"' in page
    token = asked.context["token"]
    assert login("secretary_a").post(reverse("job_start"), {"token": token}).status_code == 404
    forged = client.post(reverse("job_start"), {"token": token[:-2] + "xx"})
    assert forged.status_code == 302 and forged["Location"] == reverse("jobs")
    assert LongJob.objects.count() == before
    started = confirm(client, asked)
    job = LongJob.objects.get(user=_user("street_admin"), kind="download", pk__gt=0, created__gte=timezone.now()
                              - timedelta(minutes=5))
    assert started["Location"] == job.get_absolute_url() and job.status == LongJob.DONE, job.error


def test_it_still_downloads_a_small_list_at_once(login):
    response = login("street_admin").get(reverse("services:volunteer_list") + "?format=xlsx")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_it_replays_an_export_for_the_role_the_person_acts_for(login, monkeypatch, community_a, community_b):
    from dangjian.orgs.models import RoleAssignment
    from dangjian.services.models import Volunteer

    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 1)
    user = _user("secretary_a")
    own = RoleAssignment.objects.get(user=user, organization=community_a)
    RoleAssignment.objects.create(user=user, organization=community_b, role=own.role, start=own.start)
    client = login("secretary_a")
    client.post(reverse("switch_role"), {"assignment": own.pk, "next": "/"})
    confirm(client, client.get(reverse("services:volunteer_list") + "?format=xlsx"))
    job = LongJob.objects.filter(user=user, kind="download").latest("pk")
    assert job.status == LongJob.DONE and job.acting_as == own.pk
    sheet = load_workbook(BytesIO(b"".join(_download(client, job).streaming_content))).active
    # The same rows as the direct download acting for community A — not A's and B's together.
    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 10_000)
    direct = load_workbook(BytesIO(client.get(reverse("services:volunteer_list") + "?format=xlsx").content)).active
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [[c.value for c in r] for r in direct.iter_rows()]
    in_b = Volunteer.objects.filter(organization__path__startswith=community_b.path)
    assert in_b.exists() and not any(v.person.name in {c.value for r in sheet.iter_rows() for c in r}
                                     for v in in_b.select_related("person")
                                     if not Volunteer.objects.filter(person=v.person,
                                                                     organization__path__startswith=community_a.path))
