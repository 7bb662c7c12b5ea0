"""`dangjian rotate-field-key` on the database the suite runs on (SQLite, and PostgreSQL in CI): every ID number
and phone reads the same under the new key, lookups and uniqueness work through the recomputed blind indexes,
the check row names the new key, and a rotation that fails midway is finished by running it again."""

import base64
import os
from io import StringIO

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.models import TextField, Value

from dangjian.coop.models import PartnerUnit
from dangjian.core import crypto, keys, rotation
from dangjian.core.crypto import AES, SM4
from dangjian.core.io import pending
from dangjian.core.keys import FieldKeyCheck
from dangjian.people.models import Person
from dangjian.services.models import Registration
from dangjian.testing import world
from dangjian.testing.factories import valid_id_number

LEGACY_ID = "11010519491231002X"  # a value written before key ids: `g1:`, AES-256-GCM, no key named


@pytest.fixture
def keyed(db, settings, tmp_path, monkeypatch, community_a):
    """The suite's database with its key in a data dir of the test's own (as `field_key`, the file way), a
    partner unit with a phone and one value in the format of before key ids."""
    monkeypatch.delenv("DANGJIAN_FIELD_KEY", raising=False)
    settings.DATA_DIR = tmp_path
    (tmp_path / "field_key").write_text(settings.FIELD_ENCRYPTION_KEY + "\n")
    PartnerUnit.objects.create(organization=community_a, name="区人民医院", kind="resident_unit",
                               contact_phone="13800138000")
    legacy = Person.objects.create(organization=community_a, name="旧格式", id_number=LEGACY_ID,
                                   phone="13900000001")
    enc = crypto.current().derive(b"dangjian-field-encryption")
    nonce = os.urandom(12)
    token = "g1:" + base64.b64encode(nonce + AESGCM(enc).encrypt(nonce, LEGACY_ID.encode(), None)).decode()
    Person.objects.filter(pk=legacy.pk).update(id_number=Value(token, output_field=TextField()))
    return tmp_path


def everything() -> dict:
    """Every encrypted value, read through the models (so under the configured key)."""
    seen = {}
    for model, columns in rotation.plan():
        for row in model._base_manager.order_by("pk"):
            seen[(model._meta.label, row.pk)] = tuple(getattr(row, c.name) for c in columns)
    return seen


def stored(model, column: str) -> list[str]:
    table, col = model._meta.db_table, model._meta.get_field(column).column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{col}" FROM "{table}" WHERE "{col}" <> \'\'')
        return [value for (value,) in cursor.fetchall()]


def rotate(settings, data, cipher=None, **options) -> str:
    """Run the command; afterwards the process uses the new key and cipher, as a restarted server would."""
    before = crypto.current()
    call_command("rotate_field_key", *(["--cipher", cipher] if cipher else []), verbosity=0, **options)
    settings.FIELD_ENCRYPTION_KEY = (data / "field_key").read_text().strip()
    settings.FIELD_CIPHER = cipher or before.cipher
    assert crypto.current().id != before.id
    return before.id


def assert_all_under_the_new_key(before: dict):
    key = crypto.current()
    assert everything() == before
    for model, columns in rotation.plan():
        for column in columns:
            assert all(v.startswith(f"g2:{key.id}:") for v in stored(model, column.name))
    for person in Person.objects.exclude(id_number=""):  # lookups by the blind indexes find each one
        assert Person.objects.get(id_hash=crypto.blind_index(person.id_number)) == person
        if person.phone:
            assert person in Person.objects.filter(phone_hash=crypto.blind_index(person.phone))
    for registration in Registration.objects.all():
        assert registration.phone_hash == crypto.blind_index(registration.phone)
    assert keys.mismatch() is None
    assert FieldKeyCheck.objects.get(state=FieldKeyCheck.State.ACTIVE).key_id == key.id


@pytest.mark.parametrize("route", [(AES, AES), (AES, SM4), (SM4, AES)], ids=lambda r: "→".join(r))
def test_every_value_reads_the_same_under_the_new_key(keyed, settings, route, community_a):
    start, end = route
    if start == SM4:
        rotate(settings, keyed, SM4)
    before = everything()
    assert len(before) > 60 and before[("people.Person", Person.objects.get(name="旧格式").pk)][0] == LEGACY_ID
    old = rotate(settings, keyed, end)

    assert_all_under_the_new_key(before)
    assert crypto.current().cipher == end and crypto.current().id.startswith(end[:3] + "-")
    check = FieldKeyCheck.objects.order_by("pk")
    assert [(r.key_id, r.state) for r in check][-2:] == [(old, "retired"), (crypto.current().id, "active")]
    # the files: the new key in field_key, the old kept beside it for the backup it opens, nothing waiting
    assert (keyed / f"field_key.retired-{old}").exists() and not (keyed / "field_key.next").exists()
    assert oct((keyed / "field_key").stat().st_mode & 0o777) == "0o600"
    # one ID number, one person: the database refuses a second, and so does the form's check
    taken = Person.objects.exclude(id_number="").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(organization=community_a, name="重复", id_number=taken.id_number)
    twin = Person(organization=community_a, name="重复", id_number=taken.id_number)
    with pytest.raises(ValidationError, match="该身份证号已登记"):
        twin.clean()
    # new rows are written under the new key too
    fresh = Person.objects.create(organization=community_a, name="新登记", id_number=valid_id_number("F"))
    assert Person.objects.get(id_hash=crypto.blind_index(fresh.id_number)) == fresh


def test_the_old_key_no_longer_opens_the_database(keyed, settings):
    old_secret = settings.FIELD_ENCRYPTION_KEY
    rotate(settings, keyed)
    new_id = crypto.current().id
    settings.FIELD_ENCRYPTION_KEY = old_secret
    problem = keys.mismatch()
    assert problem and "字段加密密钥与数据库不符" in problem and new_id in problem


def test_a_rotation_that_fails_midway_is_finished_by_running_it_again(keyed, settings, monkeypatch):
    before = everything()
    old = crypto.current()
    batches = []

    def fail_on_the_second_of_people(self, label, rows):
        batches.append(label)
        if batches.count("people.Person") == 2:
            raise RuntimeError("断电")

    with monkeypatch.context() as patch:
        patch.setattr(rotation.Rotation, "batch_done", fail_on_the_second_of_people)
        with pytest.raises(RuntimeError, match="断电"):
            call_command("rotate_field_key", "--batch-size", "10", verbosity=0)

    # the partner units and ten people are in, the next batch of people was rolled back whole
    target = FieldKeyCheck.objects.get(state=FieldKeyCheck.State.NEXT)
    new = crypto.key_for((keyed / "field_key.next").read_text().strip(), AES)
    assert target.key_id == new.id and target.progress["tables"]["coop.PartnerUnit"]
    values = stored(Person, "id_number")
    assert len([v for v in values if v.startswith(f"g2:{new.id}:")]) == 10 < len(values)
    assert (keyed / "field_key").read_text().strip() == old.secret  # the key file changes only at the end
    # nothing starts meanwhile, whichever key it is given
    assert "字段密钥轮换尚未完成" in keys.mismatch()
    settings.FIELD_ENCRYPTION_KEY = new.secret
    assert "字段密钥轮换尚未完成" in keys.mismatch()
    settings.FIELD_ENCRYPTION_KEY = old.secret

    call_command("rotate_field_key", "--batch-size", "10", verbosity=0)
    settings.FIELD_ENCRYPTION_KEY = new.secret
    assert_all_under_the_new_key(before)
    done = FieldKeyCheck.objects.get(state=FieldKeyCheck.State.ACTIVE)
    assert done.progress["rows"] == sum(1 for values in before.values() for v in values if v)  # each value once


def test_a_rotation_stopped_after_the_data_finishes_its_files_when_run_again(keyed, settings, monkeypatch):
    before = everything()
    old = crypto.current()
    def power_cut(*args, **kwargs):
        raise RuntimeError("断电")

    with monkeypatch.context() as patch:
        patch.setattr(rotation, "_settle", power_cut)
        with pytest.raises(RuntimeError):
            call_command("rotate_field_key", verbosity=0)
    waiting = (keyed / "field_key.next").read_text().strip()
    problem = keys.mismatch()  # the data is under the new key, the key file is still the old one
    assert "field_key.next" in problem and "dangjian rotate-field-key" in problem

    call_command("rotate_field_key", verbosity=0)
    assert (keyed / "field_key").read_text().strip() == waiting != old.secret
    assert (keyed / f"field_key.retired-{old.id}").read_text().strip() == old.secret
    settings.FIELD_ENCRYPTION_KEY = waiting
    assert_all_under_the_new_key(before)


def test_a_wrong_cipher_setting_is_told_apart_from_a_wrong_key(keyed, settings):
    settings.FIELD_CIPHER = SM4
    problem = keys.mismatch()
    assert "字段加密算法与数据库不符" in problem and "DANGJIAN_FIELD_CIPHER" in problem and "aes-256-gcm" in problem
    rotate(settings, keyed, SM4)
    settings.FIELD_CIPHER = AES
    problem = keys.mismatch()
    assert "SM4-GCM" in problem and "设为 sm4-gcm" in problem


def test_history_keeps_masked_numbers_only_and_is_left_as_it_is(keyed, settings, community_a):
    from auditlog.models import LogEntry

    number = valid_id_number("M")
    person = Person.objects.create(organization=community_a, name="留痕", id_number=number, phone="13712345678")
    person.phone = "13787654321"
    person.save()
    entries = LogEntry.objects.get_for_object(person).order_by("pk")
    kept = [(e.changes, e.serialized_data) for e in entries]
    text = repr(kept)
    assert len(kept) == 2 and "137****5678" in text and "137****4321" in text
    assert number not in text and "13712345678" not in text and "g1:" not in text and "g2:" not in text
    assert rotation.history_ciphertexts() == 0
    rotate(settings, keyed)
    assert [(e.changes, e.serialized_data) for e in LogEntry.objects.get_for_object(person).order_by("pk")] == kept


def test_pending_uploads_follow_the_key(keyed, settings):
    user = world.user("secretary_a")
    token = pending.store(user, SimpleUploadedFile("花名册.xlsx", b"roster bytes"))
    rotate(settings, keyed, SM4)
    assert pending.claim(user, token) is None and not list(pending.folder().iterdir())
    token = pending.store(user, SimpleUploadedFile("花名册.xlsx", b"roster bytes"))  # sealed with SM4-GCM now
    assert pending.claim(user, token) == b"roster bytes"


def test_an_unfinished_rotation_is_finished_before_another_cipher_is_taken(keyed, settings, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(rotation.Rotation, "batch_done", lambda self, label, rows: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            call_command("rotate_field_key", "--cipher", SM4, verbosity=0)
    with pytest.raises(CommandError, match="上次未完成的轮换"):
        call_command("rotate_field_key", "--cipher", AES, verbosity=0)
    call_command("rotate_field_key", verbosity=0)
    assert FieldKeyCheck.objects.get(state="active").key_id.startswith("sm4-")


def test_every_blind_index_column_is_named_by_its_encrypted_field():
    """A `*_hash` column beside encrypted fields that no field names would keep its old-key digests."""
    for model, columns in rotation.plan():
        hashes = {f.name for f in model._meta.concrete_fields if f.name.endswith("_hash")}
        assert hashes == {c.index for c in columns if c.index}, model._meta.label
    assert {m._meta.label for m, _ in rotation.plan()} >= {"people.Person", "services.Registration", "coop.PartnerUnit"}


def test_key_ids_from_before_ciphers_were_named_are_named_aes(db):
    from importlib import import_module

    from django.apps import apps

    row = FieldKeyCheck.objects.create(key_id="0123456789ab", check_value="x", state="retired")
    import_module("dangjian.core.migrations.0006_key_rotation").name_the_cipher(apps, None)
    row.refresh_from_db()
    assert row.key_id == "aes-0123456789ab"


def test_with_the_key_in_the_environment_the_operator_moves_the_new_key_there(keyed, settings, monkeypatch):
    before = everything()
    old = crypto.current()
    monkeypatch.setenv("DANGJIAN_FIELD_KEY", old.secret)
    out = StringIO()
    call_command("rotate_field_key", stdout=out)
    waiting = (keyed / "field_key.next").read_text().strip()
    assert "把环境变量 DANGJIAN_FIELD_KEY 改为" in out.getvalue() and "field_key.next" in out.getvalue()
    assert (keyed / "field_key").read_text().strip() == old.secret  # not the file the server reads
    problem = keys.mismatch()
    assert "field_key.next" in problem
    settings.FIELD_ENCRYPTION_KEY = waiting  # the operator sets DANGJIAN_FIELD_KEY to it
    monkeypatch.setenv("DANGJIAN_FIELD_KEY", waiting)
    assert_all_under_the_new_key(before)
    call_command("rotate_field_key", stdout=StringIO())  # run again: nothing to do but tidy up
    assert not (keyed / "field_key.next").exists()
    assert FieldKeyCheck.objects.get(state="active").key_id == crypto.current().id
