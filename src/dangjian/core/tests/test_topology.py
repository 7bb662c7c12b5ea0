"""Past one machine: the settings and code paths that let several app nodes share one deployment.

Redis (when REDIS_URL is set) holds the cache and the sessions every node reads; uploads live on a shared path
or in an S3-compatible bucket and are streamed through the same checked view; the reports and dashboards may
read from a replica (DATABASE_REPLICA_URL) while every write stays on the primary. The settings are read in a
fresh process, as a node reads them at start-up.
"""

import json
import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import router, transaction

from dangjian.core import dbrouter
from dangjian.ledgers import actions
from dangjian.ledgers.models import Problem
from dangjian.reports.models import AnnualReport
from dangjian.testing import world

SHOW = """
import json, django
django.setup()
from django.conf import settings
from django.db import router
from dangjian.core.dbrouter import reading_replica
from dangjian.reports.models import AnnualReport
with reading_replica():
    report_read = AnnualReport.objects.all().db
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"], "sessions": settings.SESSION_ENGINE,
    "axes": settings.AXES_HANDLER, "media": str(settings.MEDIA_ROOT),
    "storage": settings.STORAGES["default"]["BACKEND"], "databases": sorted(settings.DATABASES),
    "mirror": settings.DATABASES.get("replica", {}).get("TEST", {}).get("MIRROR"),
    "report_read": report_read, "plain_read": AnnualReport.objects.all().db,
    "write": router.db_for_write(AnnualReport),
    "migrate_replica": router.allow_migrate("replica", "reports"),
}))
"""


def _python(code, data_dir, **env):
    own = ("DANGJIAN_", "DJANGO_ALLOW", "DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL")
    base = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    base.update({"DANGJIAN_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "dangjian.settings", **env})
    return subprocess.run([sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=120)


def _settings(data_dir, **env) -> dict:
    result = _python(SHOW, data_dir, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_it_keeps_one_machine_setup_without_the_variables(tmp_path):
    shown = _settings(tmp_path)
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["sessions"] == "django.contrib.sessions.backends.db"
    assert shown["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert shown["media"] == str(tmp_path / "media")
    assert shown["storage"] == "django.core.files.storage.FileSystemStorage"
    assert shown["databases"] == ["default"]
    assert (shown["report_read"], shown["plain_read"], shown["write"]) == ("default", "default", "default")


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_it_shares_cache_and_sessions_through_redis(tmp_path):
    url = "redis://127.0.0.1:6379/15"
    shown = _settings(tmp_path, REDIS_URL=url)
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["sessions"] == "django.contrib.sessions.backends.cached_db"  # written through: survives a restart
    assert shown["axes"] == "axes.handlers.database.AxesDatabaseHandler"  # lock-outs in the database, not per node
    if not _redis_up():
        pytest.skip("no Redis on 127.0.0.1:6379 for the two-process check")
    key = f"topology-test-{uuid.uuid4().hex}"
    setup = "import django; django.setup(); from django.core.cache import cache; "
    written = _python(setup + f"cache.set({key!r}, '两个节点', 60)", tmp_path, REDIS_URL=url)
    assert written.returncode == 0, written.stderr
    read = _python(setup + f"print(cache.get({key!r})); cache.delete({key!r})", tmp_path, REDIS_URL=url)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip() == "两个节点"  # another process (another node) sees what the first one cached


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_it_keeps_uploads_on_the_shared_path_given(tmp_path):
    shared = tmp_path / "nfs" / "media"
    assert _settings(tmp_path, DANGJIAN_MEDIA_ROOT=str(shared))["media"] == str(shared)


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_it_stops_start_up_when_s3_is_configured_without_boto3(tmp_path):
    result = _python(SHOW, tmp_path, DANGJIAN_S3_BUCKET="dangjian-media", DANGJIAN_S3_ENDPOINT_URL="http://minio:9000")
    try:
        import boto3  # noqa: F401
    except ImportError:
        assert result.returncode != 0
        assert "DANGJIAN_S3_BUCKET" in result.stderr and "pip install boto3" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout.strip().splitlines()[-1])["storage"] == "storages.backends.s3.S3Storage"


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_it_sends_report_reads_to_the_replica_and_writes_to_the_primary(tmp_path):
    shown = _settings(tmp_path, DATABASE_REPLICA_URL=f"sqlite:///{tmp_path / 'replica.sqlite3'}")
    assert shown["databases"] == ["default", "replica"]
    assert shown["mirror"] == "default"  # the tests run the routed code against the one test database
    assert shown["report_read"] == "replica"
    assert shown["plain_read"] == "default"  # a read outside a report page
    assert shown["write"] == "default"
    assert shown["migrate_replica"] is False


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_it_refuses_a_replica_of_another_kind_of_database(tmp_path):
    result = _python(SHOW, tmp_path, DATABASE_REPLICA_URL="postgres://replica.example/dangjian")
    assert result.returncode != 0 and "DATABASE_REPLICA_URL" in result.stderr


def test_the_router_reads_the_primary_inside_a_transaction(monkeypatch, db):
    """What a transaction on the primary wrote is not on the replica yet: a read inside one stays there."""
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    with dbrouter.reading_replica(), transaction.atomic():
        assert router.db_for_read(AnnualReport) == "default"


def test_replica_reads_covers_get_and_leaves_posts_on_the_primary(monkeypatch, rf):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    seen = []

    @dbrouter.replica_reads
    def view(request):
        seen.append((request.method, router.db_for_read(Problem), router.db_for_write(Problem)))
        return None

    view(rf.get("/reports/annual/"))
    view(rf.post("/reports/annual/"))
    assert seen == [("GET", "replica", "default"), ("POST", "default", "default")]
    assert router.db_for_read(Problem) == "default"  # and nothing leaks past the view


def test_replica_reads_renders_a_lazy_response_inside(monkeypatch, rf):
    """A ListView's TemplateResponse evaluates its page of rows while rendering: that too reads the replica."""
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)

    class Lazy:
        is_rendered = False

        def render(self):
            self.read_from, self.is_rendered = router.db_for_read(Problem), True

    assert dbrouter.replica_reads(lambda request: Lazy())(rf.get("/reports/figures/x/")).read_from == "replica"


@pytest.mark.parametrize("backend", ["django.core.files.storage.FileSystemStorage",
                                     "django.core.files.storage.InMemoryStorage"])
def test_an_upload_is_served_the_same_from_a_remote_storage(backend, login, community_a, settings):
    """InMemoryStorage stands for a bucket: no local path, only open/read — as S3Storage offers."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="楼道堆放杂物", category="other",
                                     source="self")
    data = b"\xff\xd8\xff" + os.urandom(200_000)
    client = login("secretary_a")
    photo = SimpleUploadedFile("整改后.jpg", data, content_type="image/jpeg")
    client.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "已清理", "evidence_files": [photo]})
    evidence = problem.evidence.get()
    assert type(evidence.file.storage._wrapped).__name__ == backend.rsplit(".", 1)[1]
    response = client.get(f"/ledgers/problems/{problem.pk}/files/{evidence.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    outsider = login("secretary_b").get(f"/ledgers/problems/{problem.pk}/files/{evidence.pk}/")
    assert outsider.status_code == 404
