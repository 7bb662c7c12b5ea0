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


# The tiny seed puts the street's two-new organizations under the street, so no 双培四联三帮带 record sits inside a
# community: the matrices could not check that a community secretary sees and edits the records of a two-new
# organization under their community while the sibling community gets 404. Each of the two communities gets one
# (named to sort after the community's other children, so adding it renumbers no sibling's path).
COMMUNITY_TWO_NEW = "颐康养老服务中心党支部"


def add_community_two_new() -> None:
    """Under communities A and B: a two-new organization with one pairing (ongoing), one link activity and one
    help, dated within the year (the seeded world's own day). Called once after the tiny seed."""
    from datetime import timedelta

    from django.utils import timezone

    from dangjian.orgs import actions
    from dangjian.orgs.choices import CultivationDirection, HelpKind, LinkKind
    from dangjian.orgs.two_new import Cultivation, HelpRecord, LinkActivity
    from dangjian.people.models import Person

    today = timezone.localdate()
    day = max(today.replace(month=1, day=1), today - timedelta(days=10))
    for letter in ("a", "b"):
        home = community(letter)
        org = actions.create_organization(home, name=f"{home.short_name}{COMMUNITY_TWO_NEW}",
                                          kind=OrgKind.TWO_NEW_ORG)
        person, mentor = Person.objects.filter(organization__path__startswith=home.path).order_by("pk")[:2]
        Cultivation.objects.create(organization=org, direction=CultivationDirection.BACKBONE_TO_MEMBER,
                                   person=person, mentor=mentor, start=day, goal="培养成为党员")
        LinkActivity.objects.create(organization=org, link=LinkKind.SERVICE, date=day, partner=home.short_name,
                                    content="护理员党员上门为社区独居老人测量血压", participants=6)
        HelpRecord.objects.create(organization=org, kind=HelpKind.SKILL, date=day, helper=home.name,
                                  helped="护理班组", content="社区卫生服务站医生带教护理技能", result="4名护理员取证")


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
