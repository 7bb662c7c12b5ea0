"""Cross-cutting records: in-app notifications and uploaded evidence files."""

import hashlib
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .querysets import ScopedQuerySet
from .reach import Own, Subtree
from .workflow import note_upload

ALLOWED_EVIDENCE = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt"}
MAX_EVIDENCE_MB = 20
# What each allowed kind of file begins with: a page written in HTML and named .jpg is refused, not stored and
# served back as a photo. (.txt has no signature: it must simply not be markup.)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls
SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".doc": (OLE,), ".xls": (OLE,),
}


def content_matches(upload, ext: str) -> bool:
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if ext == ".txt":
        return b"<" not in head.lstrip()[:1] and b"\0" not in head
    if ext == ".webp" and head[8:12] != b"WEBP":
        return False
    return any(head.startswith(sig) for sig in SIGNATURES.get(ext, ()))


class Notification(models.Model):
    """One message in a user's notification centre.

    `key` makes a generated notification idempotent: the daily command may run twice a day
    and still leaves one row per (user, key).
    """

    reach = (Own("user", roles=None),)  # one's own, never anyone else's

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    kind = models.CharField("类别", max_length=30, default="notice")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    created = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title


def _evidence_path(instance, filename):
    ext = os.path.splitext(filename)[1].lower()
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}{ext}"


class Evidence(models.Model):
    """A photo or scan uploaded once and referenced by every record it proves."""

    reach = (Subtree("organization"),)

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("文件", upload_to=_evidence_path)
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64, editable=False)
    size = models.PositiveIntegerField(editable=False, default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        constraints = [models.UniqueConstraint(fields=["organization", "sha256"], name="evidence_once_per_org")]

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return os.path.splitext(self.name)[1].lower() in {".jpg", ".jpeg", ".png", ".gif", ".webp"}

    @classmethod
    def store(cls, upload, organization, user) -> "Evidence":
        """Validate and save an upload; the same file uploaded again is the same Evidence."""
        ext = os.path.splitext(upload.name)[1].lower()
        if ext not in ALLOWED_EVIDENCE:
            raise ValidationError(f"不支持的文件类型“{ext or '无扩展名'}”，请上传图片、PDF、Word 或 Excel 文件。")
        if upload.size > MAX_EVIDENCE_MB * 1024 * 1024:
            raise ValidationError(f"文件“{upload.name}”超过 {MAX_EVIDENCE_MB}MB，请压缩后再上传。")
        if not content_matches(upload, ext):
            raise ValidationError(f"文件“{upload.name}”的内容与扩展名“{ext}”不符，请上传原始的图片或文档。")
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        sha = digest.hexdigest()
        existing = cls.objects.filter(organization=organization, sha256=sha).first()
        if existing:
            return existing
        evidence = cls(organization=organization, name=upload.name[:200], sha256=sha, size=upload.size,
                       uploaded_by=user)
        upload.seek(0)
        target = _evidence_path(evidence, upload.name)
        if evidence.file.storage.exists(target):  # the same bytes kept for another organization
            evidence.file.name = target
        else:
            evidence.file.save(upload.name, upload, save=False)
            note_upload(evidence.file.name)
        evidence.save()
        return evidence


class ExportLog(models.Model):
    """A full (unmasked) export: who took which data out, why, and how many rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField("导出内容", max_length=100)
    query = models.CharField("筛选条件", max_length=500, blank=True)
    reason = models.CharField("用途", max_length=200)
    rows = models.PositiveIntegerField("行数", default=0)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "完整导出记录"
        verbose_name_plural = "完整导出记录"
        ordering = ["-created"]

    def __str__(self):
        from .history import name_of

        return f"{name_of(self.user)} {self.what} {self.created:%Y-%m-%d %H:%M}"


class ListAccess(models.Model):
    """A list of protected records read (the resident archive): who, with which filter, how many rows.

    Opening one file is logged on the file; a list shows names, categories and difficulties of many, so
    each reading of a list (page or API) leaves one row here.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField("查看内容", max_length=100)
    query = models.CharField("筛选条件", max_length=500, blank=True)
    rows = models.PositiveIntegerField("条数", default=0)
    via = models.CharField("方式", max_length=10, default="page")  # page / api
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "列表查看记录"
        verbose_name_plural = "列表查看记录"
        ordering = ["-created"]

    def __str__(self):
        from .history import name_of

        return f"{name_of(self.user)} {self.what} {self.created:%Y-%m-%d %H:%M}"


from .channels.models import Delivery, Preference, Robot  # noqa: E402,F401  (core/channels/: SMS, e-mail, robots)
from .keys import FieldKeyCheck  # noqa: E402,F401  (beside the check that reads it)
from .longjob_model import LongJob  # noqa: E402,F401  (beside the engine that runs it: core.longjobs)
from .password_policy import PasswordHistory, PasswordState  # noqa: E402,F401  (beside the rules that use them)
from .periodic import JobRun  # noqa: E402,F401  (beside the claim that writes it)
from .snapshots import MetricSnapshot  # noqa: E402,F401  (beside the code that reads and refreshes it)
from .trail import AuditEvent, AuditHead  # noqa: E402,F401  (beside the chain that writes them)
