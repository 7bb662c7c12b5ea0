"""ScopedQuerySet: the one place where "who may see what" is decided.

Every scoped model names the path from itself to an `orgs.Organization` (`scope_field`); a
subtree is then one indexed prefix filter on the materialized path. Views, the API, exports,
charts and reports all start from `visible_to(user)` and never filter by organization by hand.
"""

from django.db import models
from django.db.models import Q

from .roles import SELF_ROLES
from .scope import grants, is_unrestricted


def _path_lookup(model) -> str:
    field = getattr(model, "scope_field", None)
    if field is None:
        raise TypeError(f"{model.__name__} has no scope_field: it cannot be scoped")
    return f"{field}__path__startswith" if field else "path__startswith"


class ScopedQuerySet(models.QuerySet):
    def _scope_q(self, user, roles=None) -> Q | None:
        """Q for the user's reach, or None for "everything"; an empty Q() never matches here."""
        if not getattr(user, "is_authenticated", False):
            return Q(pk__in=[])
        if is_unrestricted(user):
            return None
        lookup = _path_lookup(self.model)
        self_field = getattr(self.model, "self_field", None)
        condition = Q(pk__in=[])
        open_to = getattr(self.model, "open_to_roles", ())
        for grant in grants(user):
            if roles is not None and grant.role not in roles:
                continue
            if grant.role in SELF_ROLES:
                # Members, volunteers and residents see their own rows, and a subtree only of the
                # few models that say so (their branch's meetings, their grid) — never staff records.
                if self_field:
                    condition |= Q(**{self_field: user})
                elif grant.role in open_to:
                    condition |= Q(**{lookup: grant.path})
            else:
                condition |= Q(**{lookup: grant.path})
        return condition

    def visible_to(self, user):
        condition = self._scope_q(user)
        return self if condition is None else self.filter(condition)

    def editable_by(self, user):
        """Rows the user may change: their subtree, for roles named in the model's `edit_roles`."""
        return self.reachable_with(user, getattr(self.model, "edit_roles", ()))

    def placeable_for(self, user, model):
        """Organizations under which the user may put a new `model` row (its `edit_roles`' subtrees).

        A branch secretary may not edit their branch as an organization, but may register a
        person in it: the roles that count are those of the record being placed.
        """
        return self.reachable_with(user, getattr(model, "edit_roles", ()))

    def reachable_with(self, user, roles):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_unrestricted(user):
            return self
        # Read-only roles write only where a model names them itself (a cadre records their own visits).
        allowed = set(roles)
        if not allowed:
            return self.none()
        return self.filter(self._scope_q(user, roles=allowed))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass
