"""The 国密 option (DANGJIAN_FIELD_CIPHER=sm4-gcm) and the key rotation as an operator meets them: real `dangjian`
processes on a database of their own — chosen at install, a wrong setting stops the server and the commands,
and a rotation killed with SIGKILL midway is finished by running `dangjian rotate-field-key` again."""

import base64
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes

from dangjian.core import crypto
from dangjian.core.crypto import AES, SM4, Key, WrongKey


def test_sm4_gcm_and_sm3_give_the_standards_own_answers():
    """RFC 8998 A.1 (SM4-GCM) and GB/T 32905's example (SM3 of "abc"), through the code's own paths."""
    assert crypto.sm4_gcm_supported()
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                          "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA")
    sealed = bytes.fromhex("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                           "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
                           "83DE3541E4C2B58177E065A9BF7B62EC")
    assert crypto._aead_open(SM4, key, nonce + sealed, aad) == plain
    with pytest.raises(InvalidTag):
        crypto._aead_open(SM4, key, nonce + sealed[:-1] + b"\0", aad)
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"abc")
    assert digest.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_a_value_opens_only_under_the_key_and_cipher_it_names():
    aes, sm4 = Key("same secret", AES), Key("same secret", SM4)
    assert aes.id.startswith("aes-") and sm4.id.startswith("sm4-")
    token = sm4.encrypt("11010519491231002X")
    assert token.startswith(f"g2:{sm4.id}:") and sm4.decrypt(token) == "11010519491231002X"
    with pytest.raises(WrongKey):
        aes.decrypt(token)
    with pytest.raises(InvalidTag):  # the key id is authenticated with the value: it cannot be relabelled
        sm4.decrypt(aes.encrypt("x").replace(aes.id, sm4.id))
    assert aes.blind_index("x") != sm4.blind_index("x") and len(sm4.blind_index("x")) == 64


# --- real processes ---------------------------------------------------------------------------------------

CLI = [sys.executable, "-m", "dangjian.cli"]
READ = """
import json, django; django.setup()
from dangjian.core import crypto
from dangjian.people.models import Person
print(json.dumps(sorted([p.id_number, p.phone, Person.objects.filter(id_hash=crypto.blind_index(p.id_number)).count()]
                        for p in Person.objects.all())))
"""
SEED = """
import django; django.setup()
from dangjian.orgs.models import Organization
from dangjian.people.models import Person
from dangjian.testing.factories import valid_id_number
street = Organization.objects.add_root(instance=Organization(name="测试街道", kind="street_committee"))
for n in range(23):
    Person.objects.create(organization=street, name=f"居民{n}", id_number=valid_id_number("MF"[n % 2]),
                          phone=f"139{n:08d}" if n % 3 else "")
""" + READ
# The operator's `dangjian rotate-field-key`, killed (SIGKILL) inside its second batch's transaction.
KILLED = """
import os, signal, sys, django; django.setup()
from dangjian.core import rotation
batches = []
def kill(self, label, rows):
    batches.append(rows)
    if len(batches) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
rotation.Rotation.batch_done = kill
from dangjian import cli
sys.argv = ["dangjian", "rotate-field-key", "--cipher", "aes-256-gcm", "--batch-size", "5"]
cli.main()
"""


def _env(data, **extra) -> dict:
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(data), "DJANGO_SETTINGS_MODULE": "dangjian.settings", **extra}
    for name in ("DATABASE_URL", "DANGJIAN_FIELD_KEY"):  # a database of its own, its key in field_key
        env.pop(name, None)
    return env


def _run(args, env, check=True, timeout=300):
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    if check and done.returncode:
        raise AssertionError(f"{args} → {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def _stored(data) -> list[str]:
    with sqlite3.connect(data / "dangjian.sqlite3") as db:
        return [v for (v,) in db.execute("SELECT id_number FROM people_person UNION ALL "
                                         "SELECT phone FROM people_person WHERE phone <> ''")]


@pytest.fixture(scope="module")
def sm4_site(tmp_path_factory):
    """Installed with DANGJIAN_FIELD_CIPHER=sm4-gcm (migrate seals the check under SM4), with 23 people."""
    data = tmp_path_factory.mktemp("sm4-site")
    env = _env(data, DANGJIAN_FIELD_CIPHER=SM4)
    _run([*CLI, "migrate", "-v0"], env)
    return data, json.loads(_run([sys.executable, "-c", SEED], env).stdout.splitlines()[-1])


def _copy(sm4_site, tmp_path):
    data = tmp_path / "site"
    shutil.copytree(sm4_site[0], data)
    return data


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_the_cipher_chosen_at_install_is_kept_and_another_setting_stops_start_up(sm4_site, tmp_path):
    data = _copy(sm4_site, tmp_path)
    assert all(v.startswith("g2:sm4-") for v in _stored(data))
    assert all(found == 1 for _, _, found in sm4_site[1])
    env = _env(data, DANGJIAN_FIELD_CIPHER=SM4)
    _run([*CLI, "check"], env)
    env.pop("DANGJIAN_FIELD_CIPHER")  # the default, AES-256-GCM
    checked = _run([*CLI, "check"], env, check=False)
    assert checked.returncode == 2 and "字段加密算法与数据库不符" in checked.stderr
    assert "DANGJIAN_FIELD_CIPHER 设为 sm4-gcm" in checked.stderr
    served = _run([sys.executable, "-c", "import dangjian.wsgi"], env, check=False)
    assert served.returncode != 0 and "字段加密算法与数据库不符" in served.stderr


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_a_rotation_killed_midway_is_finished_by_running_it_again(sm4_site, tmp_path):
    data = _copy(sm4_site, tmp_path)
    env = _env(data, DANGJIAN_FIELD_CIPHER=SM4)
    old_key = (data / "field_key").read_text()
    killed = _run([sys.executable, "-c", KILLED], env, check=False)
    assert killed.returncode == -signal.SIGKILL
    stored = _stored(data)
    assert any(v.startswith("g2:aes-") for v in stored) and any(v.startswith("g2:sm4-") for v in stored)
    assert (data / "field_key").read_text() == old_key and (data / "field_key.next").exists()
    refused = _run([*CLI, "check"], env, check=False)  # (the server asks the same: core.keys.verify)
    assert refused.returncode == 2 and "字段密钥轮换尚未完成" in refused.stderr
    assert "dangjian rotate-field-key" in refused.stderr

    again = _run([*CLI, "rotate-field-key", "--batch-size", "5"], env)  # spelt as the operator reads it
    assert "继续未完成的轮换" in again.stdout and "DANGJIAN_FIELD_CIPHER 设为 aes-256-gcm" in again.stdout
    assert all(v.startswith("g2:aes-") for v in _stored(data))
    assert (data / "field_key").read_text() != old_key and not (data / "field_key.next").exists()
    assert list(data.glob("field_key.retired-sm4-*"))[0].read_text() == old_key
    env["DANGJIAN_FIELD_CIPHER"] = AES
    read = _run([*CLI, "shell", "-c", READ], env)  # a `dangjian` command: it starts only if the key check passes
    assert json.loads(read.stdout.splitlines()[-1]) == sm4_site[1]


def test_sm4_value_base64_is_nonce_ciphertext_and_tag():
    """The stored layout, for whoever audits it: `g2:<key id>:` then base64 of 12-byte nonce, ciphertext, 16-byte
    tag (the SM4-GCM of the RFC, under a key derived with HMAC-SM3)."""
    key = Key("layout", SM4)
    raw = base64.b64decode(key.encrypt("13900000000").split(":", 2)[2])
    assert len(raw) == 12 + len("13900000000") + 16
