"""The seeded test world: where each scoped object lives, for the role × view matrix."""

from django.contrib.auth import get_user_model

from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .personas import PERSONAS

PERSONAS_USERNAMES = PERSONAS


def community(letter: str) -> Organization:
    communities = list(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE).order_by("path")[:2])
    return communities["ab".index(letter)]


def street() -> Organization:
    return Organization.objects.filter(kind=OrgKind.STREET_COMMITTEE).order_by("path").first()


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
