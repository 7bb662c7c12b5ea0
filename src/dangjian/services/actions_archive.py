"""Archiving the directory rows of services — teams, alliance members, talents, brands — and restoring them.

An archived row leaves the lists, the choices of the forms and the counts (the metrics read only rows in use),
and keeps its page and its history; both steps go through the one transition helper, so the history names
who archived it and why.
"""

from django.utils import timezone

from dangjian.core.scope import holds
from dangjian.core.workflow import transition

from .actions import _require


def _manages(user, obj) -> bool:
    return holds(user, obj.organization, type(obj).edit_roles)


def may_archive(user, obj) -> bool:
    return obj.archived_at is None and _manages(user, obj)


def may_restore(user, obj) -> bool:
    return obj.archived_at is not None and _manages(user, obj)


def archive(user, obj, reason: str = ""):
    _require(_manages(user, obj), "只有所属组织可以归档。")
    return transition(obj, when={"archived_at__isnull": True}, to={"archived_at": timezone.now()}, actor=user,
                      refusal="该记录已归档。", step="归档", reason=reason[:200])


def restore(user, obj, reason: str = ""):
    _require(_manages(user, obj), "只有所属组织可以恢复。")
    return transition(obj, when={"archived_at__isnull": False}, to={"archived_at": None}, actor=user,
                      refusal="该记录未归档。", step="恢复", reason=reason[:200])
