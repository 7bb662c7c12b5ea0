"""A database and its field key belong together: the wrong key stops the server and every command before a
value is read or written, naming both key ids."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from dangjian.core import keys


def test_the_key_in_use_opens_the_database(db):
    assert keys.mismatch() is None
    keys.verify()


def test_another_key_is_noticed_and_named(db):
    right = keys.key_id()
    with override_settings(FIELD_ENCRYPTION_KEY="a-key-generated-after-a-restore-without-its-file"):
        problem = keys.mismatch()
        assert problem and right in problem and keys.key_id() in problem and "DANGJIAN_FIELD_KEY" in problem
        with pytest.raises(ImproperlyConfigured):
            keys.verify()


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_a_wrong_key_stops_the_commands_and_the_server(tmp_path):
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(tmp_path), "DANGJIAN_FIELD_KEY": "k" * 64}
    env.pop("DATABASE_URL", None)  # a database of its own
    cli = [sys.executable, "-m", "dangjian.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, capture_output=True, timeout=300)
    assert subprocess.run([*cli, "check"], env=env, capture_output=True, timeout=120).returncode == 0
    env["DANGJIAN_FIELD_KEY"] = "w" * 64
    checked = subprocess.run([*cli, "check"], env=env, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 2 and "字段加密密钥与数据库不符" in checked.stderr
    served = subprocess.run([sys.executable, "-c", "import dangjian.wsgi"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert served.returncode != 0 and "字段加密密钥与数据库不符" in served.stderr
