"""The field key and the database belong together.

A database restored without its `field_key` got a newly generated key: every page showing an ID number
answered 500 (the ciphertexts no longer open) and new data went in under the wrong key, mixing the two. The
database now keeps a check value sealed under its key (written when the database is created, by migration
core 0004); the server and every `dangjian` command compare it with the key they were given and stop with a
message naming both key ids before anything is read or written.

One row per key: the key the data is under (`active`), during `dangjian rotate-field-key` the key it is moving
to (`next`, with the rotation's progress), and keys rotated away (`retired`). A key id names its cipher, so a
DANGJIAN_FIELD_CIPHER that disagrees with the database is told apart from a wrong key; while a rotation is
unfinished nothing starts but the rotation itself.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

CHECK_TEXT = "dangjian-field-key-check"
NEXT_FILE = "field_key.next"  # a rotation's new key until the data is under it (core.rotation)


def key_id(master: str | None = None, cipher: str | None = None) -> str:
    """A short public name of a key (it reveals nothing of it): shown in messages and kept with the check."""
    from .crypto import key_for

    return key_for(master or settings.FIELD_ENCRYPTION_KEY, cipher or settings.FIELD_CIPHER).id


class FieldKeyCheck(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "在用"
        NEXT = "next", "轮换目标（轮换未完成）"
        RETIRED = "retired", "已停用"

    key_id = models.CharField("密钥编号", max_length=32)
    check_value = models.TextField("校验值")
    created = models.DateTimeField("时间", auto_now_add=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.ACTIVE)
    # During a rotation: {"tables": {"people.Person": last pk done, …}, "rows": values re-encrypted so far}.
    progress = models.JSONField("轮换进度", default=dict, blank=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "字段密钥校验值"
        verbose_name_plural = "字段密钥校验值"

    def __str__(self):
        return f"{self.key_id}（{self.get_state_display()}）"

    def opened_by(self, key) -> bool:
        """Whether `key` (a crypto.Key) is this row's key: same id, and the check value opens under it."""
        if key.id != self.key_id:
            return False
        try:
            return key.decrypt(self.check_value) == CHECK_TEXT
        except Exception:  # InvalidTag, a damaged value: either way, not this key
            return False


def seal_check() -> FieldKeyCheck:
    """Make the configured key the database's only key (a new, empty database)."""
    from .crypto import current

    FieldKeyCheck.objects.all().delete()
    key = current()
    return FieldKeyCheck.objects.create(key_id=key.id, check_value=key.encrypt(CHECK_TEXT))


def _rows() -> list[FieldKeyCheck] | None:
    from django.db import connection
    from django.db.utils import DatabaseError

    table = FieldKeyCheck._meta.db_table
    try:
        if table not in connection.introspection.table_names():
            return None
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        if "state" not in columns:  # code newer than the schema (before `migrate`): one key, named the old way
            return [FieldKeyCheck(pk=pk, key_id=kid if "-" in kid else f"aes-{kid}", check_value=value)
                    for pk, kid, value in FieldKeyCheck.objects.order_by("pk").values_list(
                        "pk", "key_id", "check_value")]
        return list(FieldKeyCheck.objects.exclude(state=FieldKeyCheck.State.RETIRED).order_by("pk"))
    except DatabaseError:
        return None


def next_key_file() -> Path:
    return Path(settings.DATA_DIR) / NEXT_FILE


def mismatch() -> str | None:
    """Why the configured key does not open this database's data (None when it does, or nothing is kept yet)."""
    from .crypto import CIPHER_NAMES, cipher_of, current, key_for

    rows = _rows()
    if not rows:
        return None
    pending = [r for r in rows if r.state == FieldKeyCheck.State.NEXT]
    active = [r for r in rows if r.state == FieldKeyCheck.State.ACTIVE]
    if pending:
        done = (pending[-1].progress or {}).get("rows", 0)
        was = f"从密钥 {active[-1].key_id} " if active else ""
        return (f"字段密钥轮换尚未完成：数据正{was}换到密钥 {pending[-1].key_id}（已重新加密 {done} 个值）。"
                "请保持服务停止，运行 dangjian rotate-field-key 完成轮换后再启动。")
    if not active:
        return None
    row = active[-1]
    try:
        key = current()
    except ImproperlyConfigured as exc:
        return str(exc)
    stored = cipher_of(row.key_id)
    if stored != key.cipher:
        return (f"字段加密算法与数据库不符：数据库的数据用 {CIPHER_NAMES[stored]} 加密（密钥 {row.key_id}），"
                f"当前配置的是 {CIPHER_NAMES[key.cipher]}（DANGJIAN_FIELD_CIPHER={settings.FIELD_CIPHER}）。"
                f"请把环境变量 DANGJIAN_FIELD_CIPHER 设为 {stored} 后再启动；更换算法须先停止服务，"
                f"再运行 dangjian rotate-field-key --cipher {key.cipher}。")
    if row.opened_by(key):
        return None
    problem = (f"字段加密密钥与数据库不符：数据库的数据由密钥 {row.key_id} 加密，当前配置的是密钥 {key.id}。"
               "请恢复与该数据库配套的密钥（环境变量 DANGJIAN_FIELD_KEY，或数据目录中的 field_key 文件）后再启动；"
               "切勿在错误的密钥下继续使用，否则新旧数据将无法同时解密。")
    try:
        waiting = next_key_file().read_text().strip()
    except OSError:
        waiting = ""
    if waiting and row.opened_by(key_for(waiting, stored)):
        problem += (f"（数据已轮换到数据目录中 {NEXT_FILE} 的新密钥：运行 dangjian rotate-field-key 完成收尾，"
                    "或把 DANGJIAN_FIELD_KEY 改为该文件中的新密钥。）")
    return problem


def verify() -> None:
    problem = mismatch()
    if problem:
        raise ImproperlyConfigured(problem)
