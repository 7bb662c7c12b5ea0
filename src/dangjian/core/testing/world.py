"""The seeded test world: where each scoped object lives, for the role × view matrix."""

from django.contrib.auth import get_user_model

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
    return f"{model.scope_field}__path__startswith" if model.scope_field else "path__startswith"


def sample(model, under: Organization):
    """One object of model inside the subtree of `under`."""
    return model.objects.filter(**{_lookup(model): under.path}).order_by("pk").first()


def sample_above(model, top: Organization, *exclude: Organization):
    """An object in top's subtree but outside each excluded subtree (the parent's own records)."""
    qs = model.objects.filter(**{_lookup(model): top.path})
    for org in exclude:
        qs = qs.exclude(**{_lookup(model): org.path})
    return qs.order_by("pk").first()


def user(username: str):
    return get_user_model().objects.get(username=username)


def wipe() -> None:
    """Remove every seeded row (inside a test's transaction) so a test can seed another scale."""
    from auditlog.models import LogEntry

    from dangjian.orgs.models import Grid, GridStaff, RoleAssignment
    from dangjian.people.models import Person

    GridStaff.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Organization.objects.update(secretary=None)
    Person.objects.all().delete()
    Grid.objects.all().delete()
    Organization.objects.all().delete()
    get_user_model().objects.all().delete()
    LogEntry.objects.all().delete()
