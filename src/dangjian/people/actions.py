"""Writes that matter for people: revealing a protected value is one (it is logged)."""

from auditlog.models import LogEntry

from dangjian.core.roles import REVEAL_ROLES
from dangjian.core.scope import holds
from dangjian.core.workflow import Refused

from .models import Person

REVEALABLE = {"id_number": "身份证号", "phone": "手机号码"}
REVEALERS = frozenset(Person.edit_roles) & REVEAL_ROLES


def may_reveal(user, person) -> bool:
    """Those who keep a person's record (at its organization or above) in a role allowed to reveal."""
    return holds(user, person.organization, REVEALERS)


def reveal(user, person, field: str) -> str:
    """Return the full value and record who saw whose what, when (django-auditlog ACCESS)."""
    if not may_reveal(user, person):
        raise Refused.forbidden("您的角色不能查看完整的个人信息。")
    if field not in REVEALABLE:
        raise Refused.absent("没有该字段。")
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
