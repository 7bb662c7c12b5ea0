"""The audit trail: every audit record sealed into one append-only hash chain.

等保 level 3 asks that audit records name who acted, survive the deletion of the account, cannot be altered
or removed unnoticed, and are kept at least six months. The platform's audit records live in three tables —
django-auditlog's history entries (changes, and the opening of protected records), full exports
(`ExportLog`) and readings of protected lists (`ListAccess`) — plus sign-in events, which have no table of
their own. Each of them appends an `AuditEvent` when it is written: the actor's name and role copied as they
were at that moment, a digest of the source row, and a SHA-256 hash over the event and the previous event's
hash. `dangjian audit verify` walks the chain: an edited source row no longer matches its digest, an edited
event no longer matches its hash, a removed event breaks the link to the next, a removed source row is
missing. The ORM refuses to change or delete audit rows, except inside `amending` (the archive's
anonymisation, naming the actor afterwards), which appends an event sealing the new content; and inside
`purge`, the retention job, which moves the chain's anchor past what it removed.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .querysets import ScopedQuerySet
from .reach import Duty

GENESIS = "0" * 64


class Kind(models.TextChoices):
    CHANGE = "change", "数据修改"
    ACCESS = "access", "查看个人信息"
    EXPORT = "export", "完整导出"
    LIST = "list", "查看档案列表"
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    AMEND = "amend", "审计记录更正"
    SECURITY = "security", "安全管理"


class AuditEvent(models.Model):
    """One link of the chain. Never updated or deleted except by the retention job."""

    reach = (Duty("audit_admin"),)

    created = models.DateTimeField("时间", default=timezone.now, db_index=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="账号", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("操作人", max_length=100, blank=True)
    actor_role = models.CharField("角色", max_length=200, blank=True)
    remote_addr = models.CharField("地址", max_length=64, blank=True)
    summary = models.TextField("内容")
    source = models.CharField("来源记录", max_length=80, blank=True, db_index=True)
    source_digest = models.CharField("来源摘要", max_length=64, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-id"]
        default_permissions = ("view",)
        permissions = [("export_auditevent", "可导出审计日志")]

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_kind_display()}"


class AuditHead(models.Model):
    """The chain's head (last event) and anchor (first event kept after the retention job)."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS)
    anchor_id = models.BigIntegerField(default=0)  # first event kept; 0: from the beginning
    anchor_prev = models.CharField(max_length=64, default=GENESIS)
    anchor_time = models.DateTimeField(null=True)  # records older than this left the chain with their events

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"
        default_permissions = ()

    def __str__(self):
        return f"{self.last_id}"


# --- what each source table contributes to its digest (fixed lists: a new column does not break old seals)

SOURCES = {
    "auditlog.logentry": ("content_type_id", "object_pk", "object_id", "object_repr", "action", "changes_text",
                          "changes", "actor_id", "remote_addr", "timestamp", "additional_data", "actor_email"),
    "core.exportlog": ("user_id", "what", "query", "reason", "rows", "created"),
    "core.listaccess": ("user_id", "what", "query", "rows", "via", "created"),
}


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))


def source_label(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def digest(obj) -> str:
    """The row's values as the database keeps them (an id given as a number is kept as text, a tuple in a
    JSON column comes back a list), so the row hashes the same when it is written and when it is read back."""
    values = {}
    for name in SOURCES[obj._meta.label_lower]:
        try:
            field = obj._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.JSONField):
            value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
        elif value is not None and not field.is_relation:
            value = field.to_python(value)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return hashlib.sha256(_canonical(values).encode()).hexdigest()


def event_hash(event: AuditEvent) -> str:
    body = {
        "id": event.pk, "created": event.created.isoformat(), "kind": event.kind, "actor": event.actor_id,
        "name": event.actor_name, "role": event.actor_role, "addr": event.remote_addr, "summary": event.summary,
        "source": event.source, "digest": event.source_digest,
    }
    return hashlib.sha256((event.prev_hash + _canonical(body)).encode()).hexdigest()


# --- who acts: copied into each event, so a renamed or deactivated account keeps its past

_request_addr: ContextVar[str] = ContextVar("audit_remote_addr", default="")
_request_user: ContextVar = ContextVar("audit_request_user", default=None)


def set_request(request) -> tuple:
    """Called once per request by the audit middleware: the address and the acting user for the events.
    Returns what `clear_request` needs to forget them when the request ends (a thread serves many)."""
    return _request_addr.set(_addr(request)), _request_user.set(getattr(request, "user", None))


def clear_request(tokens: tuple) -> None:
    addr, user = tokens
    _request_addr.reset(addr)
    _request_user.reset(user)


def describe_actor(user) -> tuple[str, str]:
    """(name, role) as they are now: the roles the user acts with, their duty, or the operator account."""
    if user is None:
        return "", ""
    from .duties import duty_of
    from .history import name_of
    from .scope import grants

    current = _request_user.get()
    if current is not None and getattr(current, "pk", None) == user.pk:
        user = current  # its grants are loaded already, and its chosen role is the one it acts with
    name = name_of(user)[:100]
    if getattr(user, "is_superuser", False):
        return name, "超级管理员（安装运维）"
    duty = duty_of(user)
    labels = [duty.label] if duty else []
    for grant in grants(user):
        label = f"{grant.role_label}（{grant.org_name}）"
        if label not in labels:
            labels.append(label)
    return name, "、".join(labels)[:200]


# --- appending

def append(kind: str, summary: str, *, actor=None, actor_name: str | None = None, source=None,
           remote_addr: str | None = None, at=None) -> AuditEvent:
    """Add one event at the head of the chain (serialised: the head row is locked while it is written)."""
    name, role = describe_actor(actor)
    if actor_name is not None:
        name = actor_name[:100]
    event = AuditEvent(kind=kind, summary=summary, actor=actor, actor_name=name, actor_role=role,
                       remote_addr=(remote_addr if remote_addr is not None else _request_addr.get())[:64],
                       created=at or timezone.now())
    if source is not None:
        event.source = source_label(source)
        event.source_digest = digest(source)
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first() or (0, GENESIS)
        event.pk = last[0] + 1  # numbered under the lock: the id is part of the hash
        event.prev_hash = last[1]
        event.hash = event_hash(event)
        event.save(force_insert=True)
        # The head repeats the last link, so removing the newest events is noticed too (verify).
        if not AuditHead.objects.filter(pk=1).update(last_id=event.pk, last_hash=event.hash):
            AuditHead.objects.create(pk=1, last_id=event.pk, last_hash=event.hash)
    return event


CHAIN_LOCK = 0x6A5F_7472  # PostgreSQL advisory lock key for appending to the chain ("j_tr")


def _lock_chain() -> None:
    """One writer at a time: an advisory lock on PostgreSQL (held to the end of the transaction); SQLite
    serialises writers already (every transaction begins IMMEDIATE, settings.py)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def _locked_head() -> AuditHead:
    _lock_chain()
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1)
    return head


# --- guarding the sources: append-only unless amending or purging

_mode: ContextVar[str] = ContextVar("audit_mode", default="")


class AuditRecordProtected(Exception):
    """Raised when code tries to change or delete an audit record outside `amending`/`purge`."""


@contextmanager
def amending(reason: str):
    """Changes to audit records inside this block are allowed, and each is sealed again with `reason`."""
    token = _mode.set(reason)
    try:
        yield
    finally:
        _mode.reset(token)


def _before_save(sender, instance, **kwargs):
    if instance.pk is None or kwargs.get("raw"):
        return
    if not _mode.get() and sender._default_manager.filter(pk=instance.pk).exists():
        raise AuditRecordProtected(f"审计记录只能追加，不能修改（{source_label(instance)}）")


def _after_save(sender, instance, created, **kwargs):
    if kwargs.get("raw"):
        return
    if created:
        seal(instance)
    else:
        append(Kind.AMEND, f"更正：{_mode.get()}（{source_label(instance)}）", source=instance,
               actor=_acting_user())


def _before_delete(sender, instance, **kwargs):
    if _mode.get() != PURGING:
        raise AuditRecordProtected(f"审计记录不能删除（{source_label(instance)}）")


def _acting_user():
    current = _request_user.get()
    if current is not None and getattr(current, "is_authenticated", False):
        return current
    try:
        from auditlog.context import auditlog_value

        return auditlog_value.get().get("actor")
    except LookupError:
        return None


def seal(obj) -> AuditEvent:
    """The event for a new audit record (also for rows written by bulk_create, which sends no signal)."""
    label = obj._meta.label_lower
    if label == "auditlog.logentry":
        kind, summary, actor = _entry_event(obj)
    elif label == "core.exportlog":
        kind, actor = Kind.EXPORT, obj.user
        summary = f"完整导出{obj.what}{obj.rows}行；用途：{obj.reason}；条件：{obj.query or '无'}"
    else:
        kind, actor = Kind.LIST, obj.user
        summary = f"查看{obj.what}{obj.rows}条（{'接口' if obj.via == 'api' else '页面'}）；条件：{obj.query or '无'}"
    addr = getattr(obj, "remote_addr", None)
    return append(kind, summary, actor=actor, source=obj, remote_addr=addr)


def seal_many(objects) -> None:
    for obj in objects:
        seal(obj)


def _entry_event(entry):
    from auditlog.models import LogEntry

    action = {LogEntry.Action.CREATE: "新增", LogEntry.Action.UPDATE: "修改", LogEntry.Action.DELETE: "删除",
              LogEntry.Action.ACCESS: "查看"}.get(entry.action, "操作")
    kind = Kind.ACCESS if entry.action == LogEntry.Action.ACCESS else Kind.CHANGE
    model = entry.content_type.model_class() if entry.content_type_id else None
    what = model._meta.verbose_name if model is not None else "记录"
    fields = ""
    if entry.action == LogEntry.Action.UPDATE:
        from .history import field_label

        names = sorted(entry.changes_dict)
        fields = "、".join(field_label(model, n) if model is not None else n for n in names)
    # The record is named by its number, not its text: a resident's name must be able to leave the
    # archive when it is anonymised, and an event in the chain can never change.
    summary = f"{action}{what}（编号{entry.object_pk}）" + (f"：{fields}" if fields else "")
    return kind, summary[:2000], entry.actor


# --- sign-in events (they have no table of their own)

def _logged_in(sender, request, user, **kwargs):
    append(Kind.LOGIN, "登录成功", actor=user, remote_addr=_addr(request))


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        append(Kind.LOGOUT, "退出登录", actor=user, remote_addr=_addr(request))


def _login_failed(sender, credentials, request=None, **kwargs):
    tried = str(credentials.get("username", ""))[:60]
    append(Kind.LOGIN_FAILED, f"登录失败：账号“{tried}”", actor_name=tried, remote_addr=_addr(request))


def _addr(request) -> str:
    if request is None:
        return ""
    try:
        from axes.helpers import get_client_ip_address

        return get_client_ip_address(request) or ""
    except Exception:  # a request object axes cannot read (a test's bare request)
        return request.META.get("REMOTE_ADDR", "") if hasattr(request, "META") else ""


def install() -> None:
    from auditlog.models import LogEntry
    from django.contrib.auth import signals as auth_signals
    from django.db.models.signals import post_save, pre_delete, pre_save

    from .models import ExportLog, ListAccess

    for model in (LogEntry, ExportLog, ListAccess):
        uid = f"dangjian-trail-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid + "-del")
    for model in (AuditEvent, AuditHead):
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"dangjian-trail-own-{model.__name__}")
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="dangjian-trail-login")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="dangjian-trail-logout")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="dangjian-trail-login-failed")


# --- verification

def verify(out=None) -> list[str]:
    """Every problem found in the chain, in Chinese (an empty list: intact)."""
    from django.apps import apps

    problems: list[str] = []
    head = AuditHead.objects.filter(pk=1).first() or AuditHead()
    expected_prev = head.anchor_prev
    expected_first = head.anchor_id
    latest_digest: dict[str, tuple[int, str]] = {}
    last_id, last_hash, checked = 0, GENESIS if not head.anchor_id else head.anchor_prev, 0
    events = AuditEvent.objects.order_by("id")
    if head.anchor_id:
        events = events.filter(id__gte=head.anchor_id)
    for event in events.iterator(chunk_size=2000):
        checked += 1
        if checked == 1 and expected_first and event.pk != expected_first:
            problems.append(f"链首记录缺失：应从第 {expected_first} 条开始，实际从第 {event.pk} 条开始")
        if event.prev_hash != expected_prev:
            problems.append(f"第 {event.pk} 条之前的记录被删除或改动（前一条哈希不符）")
        if event_hash(event) != event.hash:
            problems.append(f"第 {event.pk} 条审计日志被改动（哈希不符）")
        if event.source:
            latest_digest[event.source] = (event.pk, event.source_digest)
        expected_prev = event.hash
        last_id, last_hash = event.pk, event.hash
    if (head.last_id or head.last_hash != GENESIS) and (last_id != head.last_id or last_hash != head.last_hash):
        problems.append(f"链尾记录缺失：应到第 {head.last_id} 条，实际到第 {last_id} 条")
    by_model: dict[str, dict[int, str]] = {}
    for label, (_, value) in latest_digest.items():
        model_label, pk = label.rsplit(":", 1)
        by_model.setdefault(model_label, {})[int(pk)] = value
    for model_label, expected in by_model.items():
        model = apps.get_model(model_label)
        found = set()
        for obj in model._default_manager.filter(pk__in=list(expected)).iterator(chunk_size=2000):
            found.add(obj.pk)
            if digest(obj) != expected[obj.pk]:
                problems.append(f"{model._meta.verbose_name}第 {obj.pk} 条被改动（与封存摘要不符）")
        for pk in sorted(set(expected) - found):
            problems.append(f"{model._meta.verbose_name}第 {pk} 条被删除")
    for model_label in SOURCES:
        model = apps.get_model(model_label)
        sealed = set(by_model.get(model_label, {}))
        start = _oldest_kept(head)
        rows = model._default_manager.all()
        if start is not None:
            rows = rows.filter(**{f"{_time_field(model)}__gte": start})
        missing = rows.exclude(pk__in=sealed).count()
        if missing:
            problems.append(f"{model._meta.verbose_name}有 {missing} 条未封存入审计链（在审计链之外写入）")
    if out is not None:
        out(f"已校验审计日志 {checked} 条，发现问题 {len(problems)} 处。")
    return problems


def _time_field(model) -> str:
    return "timestamp" if model._meta.label_lower == "auditlog.logentry" else "created"


def _oldest_kept(head):
    return head.anchor_time if head.anchor_id else None


# --- retention

PURGING = "__purge__"
MIN_RETENTION_DAYS = 180


def retention_days() -> int:
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "AUDIT_RETENTION_DAYS", MIN_RETENTION_DAYS)))


def purge(now=None) -> int:
    """Remove events (and list readings) older than the retention period; the chain's anchor moves past them.

    History entries and export records are not removed: they are the records' own history, shown on each
    record's page. Returns how many events were removed.
    """
    from .models import ListAccess

    cutoff = (now or timezone.now()) - timedelta(days=retention_days())
    token = _mode.set(PURGING)
    try:
        with transaction.atomic():
            head = _locked_head()
            old = AuditEvent.objects.filter(created__lt=cutoff)
            if head.anchor_id:
                old = old.filter(id__gte=head.anchor_id)
            last_old = old.order_by("-id").first()
            if last_old is None:
                return 0
            kept = AuditEvent.objects.filter(id__gt=last_old.pk).order_by("id").first()
            removed = AuditEvent.objects.filter(id__lte=last_old.pk).count()
            ListAccess.objects.filter(created__lt=cutoff)._raw_delete(ListAccess.objects.db)
            AuditEvent.objects.filter(id__lte=last_old.pk)._raw_delete(AuditEvent.objects.db)
            AuditHead.objects.filter(pk=head.pk).update(anchor_id=kept.pk if kept else last_old.pk + 1,
                                                        anchor_prev=last_old.hash, anchor_time=cutoff)
    finally:
        _mode.reset(token)
    append(Kind.SECURITY, f"按保存期限（{retention_days()}天）清理{cutoff:%Y-%m-%d}以前的审计日志{removed}条")
    return removed
