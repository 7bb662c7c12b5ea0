"""Settings come from the environment; production variables satisfy `check --deploy`."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")


def _run(args, data_dir, **env):
    own = ("DANGJIAN_", "DJANGO_ALLOW", "DATABASE_URL")
    base = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    base.update({"DANGJIAN_DATA_DIR": str(data_dir), **env})
    return subprocess.run([sys.executable, "-m", "dangjian.cli", *args], env=base, capture_output=True, text=True,
                          timeout=300)


def test_it_passes_check_deploy_with_the_documented_production_variables(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
        DANGJIAN_SECRET_KEY="k" * 20 + "-Production-Secret-Key-0123456789-abcdefghijklmnop",
        DANGJIAN_ALLOWED_HOSTS="dangjian.example.gov.cn", DANGJIAN_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_it_generates_keys_once_into_the_data_dir(tmp_path):
    assert _run(["check"], tmp_path).returncode == 0
    first = (tmp_path / "secret_key").read_text()
    assert _run(["check"], tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == first
    assert (tmp_path / "field_key").exists()


def test_it_names_a_bad_variable(tmp_path):
    result = _run(["check"], tmp_path, DANGJIAN_DEBUG="maybe")
    assert result.returncode != 0
    assert "DANGJIAN_DEBUG" in result.stderr


def test_it_sets_up_the_demo_once_and_keeps_data_on_a_second_run(tmp_path):
    first = _run(["demo", "--no-serve"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "secretary_a" in first.stdout and "社区党委书记" in first.stdout
    second = _run(["demo", "--no-serve"], tmp_path)
    assert second.returncode == 0, second.stderr
    assert "保留现有数据" in second.stdout and "secretary_a" in second.stdout
    assert (tmp_path / "dangjian.sqlite3").exists()
