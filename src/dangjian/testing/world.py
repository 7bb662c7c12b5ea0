"""The seeded test world: where each scoped object lives, for the role × view matrix."""

from django.contrib.auth import get_user_model

from dangjian.core import reach
from dangjian.core.roles import Role
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .personas import PERSONAS

PERSONAS_USERNAMES = PERSONAS


def _held_by(username: str) -> Organization:
    from dangjian.orgs.models import RoleAssignment

    return RoleAssignment.objects.select_related("organization").get(user__username=username).organization


def community(letter: str) -> Organization:
    """Community A or B: the ones the demo secretaries hold (siblings under the demo street)."""
    org = _held_by(PERSONAS[f"secretary_{letter}"])
    assert org.kind == OrgKind.COMMUNITY_COMMITTEE
    return org


def street() -> Organization:
    return _held_by(PERSONAS["street_admin"])


def _lookup(model) -> str:
    lookup = reach.home_lookup(model)
    return f"{lookup}__startswith" if lookup else "pk__isnull"  # personal rows: no place in the tree


def sample_qs(model, under: Organization):
    """The objects of model placed inside the subtree of `under`."""
    lookup = _lookup(model)
    return model.objects.filter(**{lookup: False if lookup == "pk__isnull" else under.path})


def sample(model, under: Organization):
    """One object of model placed inside the subtree of `under`."""
    return sample_qs(model, under).order_by("pk").first()


def sample_above(model, top: Organization, *exclude: Organization, role: str = Role.COMMUNITY_SECRETARY):
    """Objects in top's subtree that no declaration of the model opens to a `role` holder at any of
    `exclude` (the parent's own records, and nothing booked in their name or published to them)."""
    qs = sample_qs(model, top)
    for org in exclude:
        qs = qs.exclude(reach.opened_at(model, org.path, role))
    return qs


def user(username: str):
    return get_user_model().objects.get(username=username)


def wipe() -> None:
    """Remove every seeded row (inside a test's transaction) so a test can seed another scale.

    Configuration rows (models with `is_configuration = True`, e.g. point rules) stay, as a
    migration made them. Raw deletes skip signals and cascades; the foreign keys are deferred
    to the end of the test's transaction, which is rolled back.
    """
    from auditlog.models import LogEntry
    from django.apps import apps
    from django.db import connection

    models = [m for m in apps.get_models(include_auto_created=True) if m.__module__.startswith("dangjian.")
              or m._meta.app_label in {"members", "orgs", "people", "core"}]
    for model in [*models, LogEntry, get_user_model()]:
        if not getattr(model, "is_configuration", False):
            model._base_manager.all()._raw_delete(connection.alias)
