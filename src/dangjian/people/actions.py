"""Writes that matter for people: revealing a protected value is one (it is logged)."""

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from dangjian.core.scope import can_reveal

REVEALABLE = {"id_number": "身份证号", "phone": "手机号码"}


def reveal(user, person, field: str) -> str:
    """Return the full value and record who saw whose what, when (django-auditlog ACCESS)."""
    if field not in REVEALABLE:
        raise PermissionDenied("不能查看该字段。")
    if not can_reveal(user):
        raise PermissionDenied("您的角色不能查看完整的个人信息。")
    log_access(user, person, field)
    return getattr(person, field) or ""


def log_access(user, person, field: str, note: str = "查看完整信息") -> None:
    LogEntry.objects.log_create(
        person,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user,
        changes={field: [REVEALABLE[field], note]},
        additional_data={"field": field, "label": REVEALABLE[field], "note": note},
    )
