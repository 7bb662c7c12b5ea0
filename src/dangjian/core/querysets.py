"""ScopedQuerySet: the one implementation of "who may see what".

Every scoped model declares its reach (reach.py); this queryset turns the declarations into the
query. Anonymous users see nothing, the installation's operators everything, and everyone else
what their grants open — decided here once, for every model, so no model overrides it.
"""

from django.db import models

from . import reach
from .scope import grants, is_unrestricted


class ScopedQuerySet(models.QuerySet):
    def _reached(self, user, purposes=(reach.SEE,), roles=None, writing=False):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if is_unrestricted(user):
            return self
        held = grants(user)
        if roles is not None:
            held = [g for g in held if g.role in roles]
        return self.filter(reach.condition(self.model, user, held, purposes, writing))

    def visible_to(self, user):
        return self._reached(user)

    def counted_for(self, user):
        """Rows counted in the user's figures: what they see, and what the model opens for counting only."""
        return self._reached(user, purposes=(reach.SEE, reach.COUNT))

    def bookable_for(self, user):
        """Rows the user may choose for a booking: what they see, and what the model opens for booking."""
        return self._reached(user, purposes=(reach.SEE, reach.BOOK))

    def editable_by(self, user):
        """Rows the user may change: the writing declarations, for holders of the model's `edit_roles`.

        Read-only roles write only where a model names them itself (a cadre records their own visits).
        """
        return self.reachable_with(user, getattr(self.model, "edit_roles", ()))

    def reachable_with(self, user, roles):
        """Rows the user reaches holding one of `roles` (a narrower `editable_by`)."""
        if not getattr(user, "is_authenticated", False) or (not roles and not is_unrestricted(user)):
            return self.none()
        return self._reached(user, roles=set(roles), writing=True)

    def placeable_for(self, user, model):
        """Organizations under which the user may put a new `model` row (its `edit_roles`' subtrees).

        A branch secretary may not edit their branch as an organization, but may register a
        person in it: the roles that count are those of the record being placed.
        """
        return self.reachable_with(user, getattr(model, "edit_roles", ()))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass
