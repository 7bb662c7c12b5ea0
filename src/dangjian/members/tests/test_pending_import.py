"""A checked roster waiting for 确认导入 leaves no ID number on disk: sealed, owner-only, bound to its
uploader, and gone after confirm, cancel or an hour."""

import os
import stat
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from dangjian.core.io import pending
from dangjian.orgs.models import Organization
from dangjian.testing.clock import at

from .helpers import roster_rows, xlsx_upload


@pytest.fixture
def branch(community_a):
    return Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()


@pytest.fixture
def clean_folder():
    for f in pending.folder().iterdir():
        f.unlink()
    yield pending.folder()


def _files():
    return [f for f in Path(settings.DATA_DIR, "imports").iterdir()]


def _no_id_numbers_on_disk(rows):
    """No file under DATA_DIR/imports holds an ID number of the upload, in clear or as the xlsx's XML."""
    for f in _files():
        data = f.read_bytes()
        assert b"PK\x03\x04" not in data[:4]  # not a spreadsheet
        for row in rows[:5]:
            assert row[1].encode() not in data


def test_a_checked_upload_is_sealed_owner_only_and_gone_once_confirmed(login, branch, clean_folder):
    rows = roster_rows(12, branch.name, seed=41)
    client = login("secretary_a")
    preview = client.post("/members/import/", {"file": xlsx_upload(rows)})
    assert preview.context["result"].ok
    (waiting,) = _files()
    assert stat.S_IMODE(os.stat(waiting).st_mode) == 0o600
    _no_id_numbers_on_disk(rows)
    token = preview.context["token"]
    assert login("branch_secretary").post("/members/import/", {"token": token}).status_code == 302
    assert _files() == [waiting]  # another user's confirm takes nothing
    assert client.post("/members/import/", {"token": token}).status_code == 302
    assert _files() == []
    again = client.post("/members/import/", {"token": token}, follow=True).content.decode()
    assert "已导入、已取消或已过期" in again


def test_cancelling_deletes_the_upload(login, branch, clean_folder):
    client = login("secretary_a")
    preview = client.post("/members/import/", {"file": xlsx_upload(roster_rows(5, branch.name, seed=43))})
    page = preview.content.decode()
    assert "取消导入" in page
    response = client.post("/members/import/", {"token": preview.context["token"], "cancel": "1"}, follow=True)
    assert "已取消本次导入" in response.content.decode() and _files() == []


def test_an_unconfirmed_upload_is_removed_after_an_hour(login, branch, clean_folder, settings):
    client = login("secretary_a")
    preview = client.post("/members/import/", {"file": xlsx_upload(roster_rows(5, branch.name, seed=47))})
    assert len(_files()) == 1
    assert pending.sweep() == 0  # still fresh
    assert pending.sweep(now=time.time() + pending.TTL_SECONDS + 1) == 1 and _files() == []
    # and a late confirm finds nothing
    response = client.post("/members/import/", {"token": preview.context["token"]}, follow=True)
    assert "已过期" in response.content.decode()


def test_the_hourly_sweep_runs_on_the_queue(login, branch, clean_folder):
    from django.core.management import call_command
    from django.utils import timezone

    client = login("secretary_a")
    client.post("/members/import/", {"file": xlsx_upload(roster_rows(5, branch.name, seed=53))})
    assert len(_files()) == 1
    call_command("worker", once=True, stdout=open(os.devnull, "w"))  # this hour's sweep: the file is fresh
    assert len(_files()) == 1
    with at(timezone.now() + timedelta(hours=1, minutes=1)):
        call_command("worker", once=True, stdout=open(os.devnull, "w"))  # the next hour's
    assert _files() == []
