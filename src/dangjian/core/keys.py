"""The field key and the database belong together.

A database restored without its `field_key` got a newly generated key: every page showing an ID number
answered 500 (the ciphertexts no longer open) and new data went in under the wrong key, mixing the two. The
database now keeps a check value sealed under its key (written when the database is created, by migration
core 0004); the server and every `dangjian` command compare it with the key they were given and stop with a
message naming both key ids before anything is read or written.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

CHECK_TEXT = "dangjian-field-key-check"


def key_id(master: str | None = None) -> str:
    """A short public name of a key (it reveals nothing of it): shown in messages and kept with the check."""
    root = hashlib.sha256((master or settings.FIELD_ENCRYPTION_KEY).encode()).digest()
    return hmac.new(root, b"dangjian-key-id", hashlib.sha256).hexdigest()[:12]


class FieldKeyCheck(models.Model):
    key_id = models.CharField("密钥编号", max_length=32)
    check_value = models.TextField("校验值")
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "字段密钥校验值"
        verbose_name_plural = "字段密钥校验值"

    def __str__(self):
        return self.key_id


def seal_check() -> FieldKeyCheck:
    from .crypto import encrypt

    FieldKeyCheck.objects.all().delete()
    return FieldKeyCheck.objects.create(key_id=key_id(), check_value=encrypt(CHECK_TEXT))


def mismatch() -> str | None:
    """Why the configured key does not open this database's data (None when it does, or nothing is kept yet)."""
    from django.db import connection
    from django.db.utils import DatabaseError

    from .crypto import decrypt

    try:
        if FieldKeyCheck._meta.db_table not in connection.introspection.table_names():
            return None
        row = FieldKeyCheck.objects.order_by("-pk").first()
    except DatabaseError:
        return None
    if row is None:
        return None
    try:
        if decrypt(row.check_value) == CHECK_TEXT:
            return None
    except Exception:  # InvalidTag, a damaged value: either way, not this key
        pass
    return (f"字段加密密钥与数据库不符：数据库的数据由密钥 {row.key_id} 加密，当前配置的是密钥 {key_id()}。"
            "请恢复与该数据库配套的密钥（环境变量 DANGJIAN_FIELD_KEY，或数据目录中的 field_key 文件）后再启动；"
            "切勿在错误的密钥下继续使用，否则新旧数据将无法同时解密。")


def verify() -> None:
    problem = mismatch()
    if problem:
        raise ImproperlyConfigured(problem)
