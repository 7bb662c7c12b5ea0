"""Workflow steps: one refusal type, one transition helper, one guard around a step.

- `Refused` is how an action says no, in Chinese, to the person who tried. It is a ValidationError
  (a form shows it on the field it names) that also knows its HTTP answer: 400 by default, 409 when
  the state moved on under the user (someone else claimed first), 403 when the role may not, 404
  when the thing must look absent. Pages turn it into a message, the API into that status.
- `transition` changes a row's state by a conditional UPDATE (so of two simultaneous clicks one
  wins, on SQLite and PostgreSQL alike) and writes the history entry — who, when, from → to, the
  step and its reason — in the same transaction. django-auditlog never sees an `update()`; without
  this, a problem walked through four states showed only its creation.
- `step` runs an action atomically and removes the files it uploaded if the action is refused, so
  a refused step leaves neither a row nor an orphan file behind.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone


class Refused(ValidationError):
    """An action that cannot happen, with the reason in Chinese (a message, or {field: message})."""

    def __init__(self, message, status: int = 400):
        super().__init__(message)
        self.status = status

    @classmethod
    def forbidden(cls, message: str) -> "Refused":
        return cls(message, status=403)

    @classmethod
    def conflict(cls, message: str) -> "Refused":
        return cls(message, status=409)

    @classmethod
    def absent(cls, message: str = "没有找到该记录，或您无权查看。") -> "Refused":
        return cls(message, status=404)

    @property
    def text(self) -> str:
        return "；".join(self.messages)


def _stored(instance, name):
    """A field's value as django-auditlog keeps it (foreign keys by id), so history pages read both alike."""
    field = instance._meta.get_field(name)
    value = getattr(instance, field.attname)
    if value is None:
        return "None"
    return str(value)


def transition(obj, *, when, to: dict, actor, refusal: str, step: str = "", reason: str = ""):
    """Move `obj` from the state `when` describes (a Q or lookups) to the values in `to`.

    Raises `Refused` (409) with `refusal` when the row is no longer in that state; `refusal` may
    name the current state as `{state}` (the display of the row's status field). Returns the
    refreshed object. `step` names the step in the history ("验收"); `reason` is kept with it.
    """
    from auditlog.models import LogEntry

    model = type(obj)
    condition = when if isinstance(when, Q) else Q(**when)
    values = dict(to)
    for field in model._meta.concrete_fields:
        if getattr(field, "auto_now", False) and field.name not in values:
            values[field.name] = timezone.now()
    with transaction.atomic():
        before = model._default_manager.select_for_update().filter(pk=obj.pk).first()
        if before is None:
            raise Refused.absent()
        changed = model._default_manager.filter(condition, pk=obj.pk).update(**values)
        obj.refresh_from_db()
        if not changed:
            state = obj.get_status_display() if hasattr(obj, "get_status_display") else ""
            raise Refused.conflict(refusal.format(state=state))
        changes = {}
        for name in to:
            old, new = _stored(before, name), _stored(obj, name)
            if old != new:
                changes[name] = [old, new]
        if changes:  # a step that changed nothing (an edit saved unchanged) leaves no entry
            extra = {k: v for k, v in (("step", step), ("reason", reason.strip())) if v}
            LogEntry.objects.log_create(obj, force_log=True, action=LogEntry.Action.UPDATE, actor=actor,
                                        changes=changes, additional_data=extra or None)
    return obj


def record(obj, *, actor, changes: dict, step: str = "", reason: str = ""):
    """A history entry for a step that changes no field of `obj` itself (a vote recorded in a child row)."""
    from auditlog.models import LogEntry

    extra = {k: v for k, v in (("step", step), ("reason", reason.strip())) if v}
    LogEntry.objects.log_create(obj, force_log=True, action=LogEntry.Action.UPDATE, actor=actor,
                                changes={k: [str(a), str(b)] for k, (a, b) in changes.items()},
                                additional_data=extra or None)


def credit(created, actor) -> None:
    """Name `actor` on the history entries of the just-created row `created` that name no one.

    django-auditlog learns the acting user from the web request; actions also run from the API with
    token clients, from commands and from tests, where a created row's entry would name no one.
    (auditlog's own `set_actor` cannot be nested inside a request's: on leaving it the request's
    actor is lost for the rest of the request — so the entry is completed afterwards instead.)
    """
    from auditlog.models import LogEntry

    from .trail import amending

    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    with amending("补记操作人"):  # each entry is sealed again, naming who did it
        for entry in LogEntry.objects.get_for_object(created).filter(actor__isnull=True):
            entry.actor = actor
            entry.actor_email = getattr(actor, "email", None) or None
            entry.save(update_fields=["actor", "actor_email"])


_UPLOADED: ContextVar[list | None] = ContextVar("uploaded_files", default=None)


def note_upload(name: str) -> None:
    """Called by whoever writes a new upload to storage, so a refused step can take it back."""
    written = _UPLOADED.get()
    if written is not None:
        written.append(name)


@contextmanager
def step():
    """Run a workflow step atomically; if it fails, delete the files it wrote that no row references."""
    from django.core.files.storage import default_storage

    written: list[str] = []
    token = _UPLOADED.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        from .models import Evidence

        for name in written:
            if not Evidence.objects.filter(file=name).exists():
                default_storage.delete(name)
        raise
    finally:
        _UPLOADED.reset(token)


def status_is(*states) -> Q:
    return Q(status__in=[s.value if isinstance(s, models.Choices) else s for s in states])
