"""Re-encrypting every personal value under a new field key: `dangjian rotate-field-key`.

How it stays safe when interrupted (kill -9, a power cut) and is finished by running it again:

- every value names its key (`g2:<key id>:…`, core.crypto), so a value already under the new key is told apart
  from one that is not;
- a batch of rows — their values, their blind indexes and the progress kept on the new key's check row —
  commits in one transaction: a row is wholly under one key or the other, never a value under the new key with
  its index under the old;
- the new key waits in DATA_DIR/field_key.next (written before the database is touched) and replaces
  DATA_DIR/field_key only once every value is under it; the old key is kept as `field_key.retired-<id>` for the
  backup it opens;
- while the check table (core.keys) holds a `next` row, the server and every other command refuse to start.

Columns are found, not listed: every `EncryptedCharField` of every model, with the blind-index column it names.
The history (django-auditlog's LogEntry) keeps these fields masked (`138****5678`, core.masking) — no ciphertext
and no whole number — so it is left as it is, and the audit chain that seals those rows (core.trail) stays valid.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast
from django.utils import timezone

from .crypto import AES, CIPHER_NAMES, LEGACY, PREFIX, Key, cipher_of, key_for, key_of
from .fields import EncryptedCharField
from .keys import CHECK_TEXT, NEXT_FILE, FieldKeyCheck, mismatch

KEY_FILE = "field_key"
State = FieldKeyCheck.State


class RotationError(Exception):
    """Something the operator must settle before the rotation can go on (the message says what)."""


@dataclass(frozen=True)
class Column:
    name: str  # the EncryptedCharField
    index: str | None  # the blind-index column computed from it (None: it has none)


def plan() -> list[tuple[type[models.Model], list[Column]]]:
    """Every table with encrypted columns, and those columns (concrete models, each table once)."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [Column(f.name, f.blind_index) for f in model._meta.local_concrete_fields
                   if isinstance(f, EncryptedCharField)]
        if columns:
            found.append((model, columns))
    return sorted(found, key=lambda pair: pair[0]._meta.label)


def _raw(columns) -> dict:
    """The stored text of each column (a Cast to TextField, so the field does not decrypt it on reading)."""
    return {f"raw_{c.name}": Cast(c.name, output_field=TextField()) for c in columns}


class Rotation:
    """Moves the data from `old` to `new`, recording progress on `row` (the new key's check row)."""

    def __init__(self, old: Key, new: Key, row: FieldKeyCheck, batch_size: int = 500,
                 say=lambda line, level=1: None):
        self.old, self.new, self.row, self.batch_size, self.say = old, new, row, batch_size, say
        self.keys = {old.id: old, new.id: new}
        self.done = f"{PREFIX}{new.id}:"
        self.row.progress = {"tables": {}, "rows": 0, **(self.row.progress or {})}

    def batch_done(self, label: str, rows: int) -> None:
        """Called inside each batch's transaction, after its rows are written (tests make it fail here)."""

    def run(self) -> None:
        tables = plan()
        for model, columns in tables:
            self.table(model, columns)
        for attempt in range(4):  # rows written behind the pointer (by a server left running) are caught here
            late = [(model, columns, self.leftovers(model, columns)) for model, columns in tables]
            if not any(pks for _, _, pks in late):
                break
            if attempt == 3:
                raise RotationError("轮换期间仍有数据以旧密钥写入：请先停止服务（gunicorn 等），"
                                    "再运行 dangjian rotate-field-key。")
            for model, columns, pks in late:
                for start in range(0, len(pks), self.batch_size):
                    self._batch(model, columns, pks[start:start + self.batch_size])
        self.finish()

    def table(self, model, columns) -> None:
        label = model._meta.label
        total = model._base_manager.count()
        while self._batch(model, columns):
            self.say(f"  {label}：已处理至编号 {self.row.progress['tables'][label]}（共 {total} 行）", 2)
        self.say(f"{label}（{model._meta.verbose_name}）：{total} 行已在新密钥下。", 1)

    def _batch(self, model, columns, pks=None) -> int:
        """Re-encrypt the next batch of `model` (or the rows `pks`); returns how many rows it read."""
        label = model._meta.label
        tables = self.row.progress["tables"]
        with transaction.atomic():
            rows = model._base_manager.order_by("pk")
            if pks is not None:
                rows = rows.filter(pk__in=pks)
            elif tables.get(label) is not None:
                rows = rows.filter(pk__gt=tables[label])
            rows = list(rows.select_for_update().annotate(**_raw(columns))
                        .values_list("pk", *_raw(columns))[: self.batch_size])
            if not rows:
                return 0
            changed = sum(self._redo(model, columns, pk, raws) for pk, *raws in rows)
            if pks is None:
                tables[label] = rows[-1][0]
            self.row.progress["rows"] += changed
            self.row.save(update_fields=["progress", "updated"])
            self.batch_done(label, len(rows))
        return len(rows)

    def _redo(self, model, columns, pk, raws) -> int:
        """One row: each value not yet under the new key, and its blind index. Returns how many values."""
        updates, values = {}, 0
        for column, raw in zip(columns, raws, strict=True):
            if not raw or raw.startswith(self.done):
                continue
            plain = self._open(raw, f"{model._meta.label} 编号 {pk} 的 {column.name}")
            updates[column.name] = Value(self.new.encrypt(plain), output_field=TextField())  # stored as given
            if column.index:
                updates[column.index] = self.new.blind_index(plain)
            values += 1
        if updates:
            model._base_manager.filter(pk=pk).update(**updates)
        return values

    def _open(self, raw: str, where: str) -> str:
        kid = key_of(raw)
        key = (self.old if self.old.cipher == AES else None) if kid == "g1" else self.keys.get(kid)
        if key is None:
            raise RotationError(f"{where} 由密钥 {kid} 加密，既不是旧密钥 {self.old.id} 也不是新密钥 {self.new.id}："
                                "请先用该值的密钥完成以前的轮换（或从备份恢复）。")
        return key.decrypt(raw)

    def leftovers(self, model, columns) -> list:
        """Rows holding a value not under the new key (none, once the rotation is through)."""
        pending = Q()
        for column in columns:
            raw = f"raw_{column.name}"
            pending |= Q(**{f"{raw}__gt": ""}) & ~Q(**{f"{raw}__startswith": self.done})
        return list(model._base_manager.annotate(**_raw(columns)).filter(pending).order_by("pk")
                    .values_list("pk", flat=True))

    def finish(self) -> None:
        with transaction.atomic():
            FieldKeyCheck.objects.filter(state=State.ACTIVE).update(state=State.RETIRED, updated=timezone.now())
            self.row.state = State.ACTIVE
            self.row.save(update_fields=["state", "progress", "updated"])


# --- the key files --------------------------------------------------------------------------------------------


def _read(path) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _write_secret(path: Path, secret: str) -> None:
    """Owner-only, written whole or not at all (a temporary file renamed over the old one), and on disk."""
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(secret + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(temporary, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _find(row: FieldKeyCheck, *secrets_: str) -> Key | None:
    for secret in dict.fromkeys(s for s in secrets_ if s):
        key = key_for(secret, cipher_of(row.key_id))
        if row.opened_by(key):
            return key
    return None


@dataclass
class Result:
    old: str  # key ids ("" when only the files were left to settle)
    new: str
    values: int = 0
    notes: list[str] = field(default_factory=list)
    history_ciphertexts: int = 0


def rotate(*, cipher: str | None = None, new_key_file: str | None = None, old_key_file: str | None = None,
           batch_size: int = 500, say=lambda line, level=1: None) -> Result:
    """Start, or finish, moving the data to a new key (and cipher). See the module's docstring."""
    data = Path(settings.DATA_DIR)
    configured = settings.FIELD_ENCRYPTION_KEY
    given_new = _read(new_key_file) if new_key_file else ""
    if new_key_file and not given_new:
        raise RotationError(f"新密钥文件 {new_key_file} 不存在或为空。")
    given_old = _read(old_key_file) if old_key_file else ""
    if old_key_file and not given_old:
        raise RotationError(f"旧密钥文件 {old_key_file} 不存在或为空。")
    waiting = _read(data / NEXT_FILE)
    rows = list(FieldKeyCheck.objects.exclude(state=State.RETIRED).order_by("pk"))
    active = next((r for r in reversed(rows) if r.state == State.ACTIVE), None)
    target = next((r for r in reversed(rows) if r.state == State.NEXT), None)
    if active is None:
        raise RotationError("数据库中没有字段密钥校验值：请先运行 dangjian migrate。")

    if target is not None:  # an unfinished rotation: finish it, whatever else was asked
        new = _find(target, given_new, waiting, configured, _read(data / KEY_FILE))
        if new is None:
            raise RotationError(f"上次未完成的轮换以密钥 {target.key_id} 为目标，但找不到该密钥：请用 --new-key-file "
                                f"指定上次的新密钥文件（未指定时它在 {data / NEXT_FILE}）。")
        if cipher and cipher != new.cipher:
            raise RotationError(f"上次未完成的轮换以 {CIPHER_NAMES[new.cipher]} 为目标："
                                "请先不带 --cipher 运行，完成它。")
        old = _find(active, given_old, configured, _read(data / KEY_FILE))
        if old is None:
            raise RotationError(f"找不到数据原来的密钥 {active.key_id}：请用 --old-key-file 指定它。")
        say(f"继续未完成的轮换：密钥 {old.id} → {new.id}。")
    else:
        old = _find(active, given_old or configured)
        if old is None:
            done = _find(active, given_new, waiting)
            if done is not None:  # the data was done; the files were not
                say(f"数据已在新密钥 {done.id} 下，只余密钥文件未更新。")
                return _settle(Result("", done.id), done, given_new, data)
            raise RotationError(mismatch() or f"当前配置的密钥打不开数据库（数据库的密钥为 {active.key_id}）。")
        if waiting and waiting == old.secret and not given_new:  # the last rotation died while tidying up
            (data / NEXT_FILE).unlink(missing_ok=True)
            say(f"上次轮换已完成（数据在密钥 {old.id} 下），已删除留下的 {NEXT_FILE}。如需再次轮换，请重新运行。")
            return Result(old.id, old.id, history_ciphertexts=history_ciphertexts())
        secret = given_new or waiting
        if not secret:
            secret = secrets.token_urlsafe(32)
            _write_secret(data / NEXT_FILE, secret)  # before the database is touched: never a key only in memory
            say(f"新密钥已生成：{data / NEXT_FILE}")
        new = key_for(secret, cipher or settings.FIELD_CIPHER)
        if new.id == old.id:
            raise RotationError(f"新密钥与当前密钥相同（{old.id}），无需轮换。")
        target = FieldKeyCheck.objects.create(key_id=new.id, check_value=new.encrypt(CHECK_TEXT), state=State.NEXT,
                                              progress={"tables": {}, "rows": 0, "from": old.id})
        say(f"开始轮换：密钥 {old.id}（{CIPHER_NAMES[old.cipher]}）→ {new.id}（{CIPHER_NAMES[new.cipher]}）。")

    Rotation(old, new, target, batch_size, say).run()
    result = Result(old.id, new.id, values=target.progress.get("rows", 0))
    return _settle(result, new, given_new, data, old)


def _settle(result: Result, new: Key, given_new: str, data: Path, old: Key | None = None) -> Result:
    """After the data: the key files, what waits sealed under the old key, and what the operator does next."""
    from .io import pending

    if os.environ.get("DANGJIAN_FIELD_KEY"):
        if settings.FIELD_ENCRYPTION_KEY != new.secret:
            where = "--new-key-file 给出的文件" if given_new else str(data / NEXT_FILE)
            result.notes.append(f"启动服务前，把环境变量 DANGJIAN_FIELD_KEY 改为 {where} 中的新密钥，"
                                "再从服务器删除该文件。")
    else:
        current = _read(data / KEY_FILE)
        if current != new.secret:
            if current:
                if old is None:  # only the files were left: the key before is the last one retired
                    last = FieldKeyCheck.objects.filter(state=State.RETIRED).order_by("-pk").first()
                    old = key_for(current, cipher_of(last.key_id) if last else AES)
                retired_id = key_for(current, old.cipher).id
                retired = data / f"{KEY_FILE}.retired-{retired_id}"
                if not retired.exists():
                    _write_secret(retired, current)
                result.notes.append(f"旧密钥已移至 {retired}：它能打开轮换前的备份。核对无误后，把它与该备份一起离线"
                                    "保存，再从服务器删除。")
            _write_secret(data / KEY_FILE, new.secret)
        (data / NEXT_FILE).unlink(missing_ok=True)
        result.notes.append(f"新密钥已写入 {data / KEY_FILE}：请像旧密钥一样备份它（与数据库分开保存）。")
    if settings.FIELD_CIPHER != new.cipher:
        result.notes.append(f"启动服务前，把环境变量 DANGJIAN_FIELD_CIPHER 设为 {new.cipher}。")
    removed = 0
    for path in pending.folder().iterdir():  # checked uploads sealed under the old key no longer open
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        result.notes.append(f"已删除 {removed} 个待确认的导入文件（以旧密钥封存）：请重新上传。")
    result.history_ciphertexts = history_ciphertexts()
    return result


def history_ciphertexts() -> int:
    """History entries of the encrypted models that hold something like a ciphertext (0: they hold none).

    django-auditlog records these fields through the model (plain text, then masked by `mask_fields`), so a
    ciphertext could only come from code writing raw column values into history; this says whether any did.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    kinds = [ContentType.objects.get_for_model(model) for model, _ in plan()]
    looks = Q()
    for prefix in (PREFIX, LEGACY):
        looks |= Q(changes_text__contains=prefix) | Q(changes__icontains=prefix) | Q(
            serialized_data__icontains=prefix)
    return LogEntry.objects.filter(content_type__in=kinds).filter(looks).count()
