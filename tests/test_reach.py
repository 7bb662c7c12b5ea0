"""Who sees what is declared on each model, once, and listed in docs/reach.md.

Fails when a model that holds organization data (a foreign key to the tree, or a scoped manager)
declares no reach, when a model overrides the one `visible_to`, or when the listing is stale.
"""

from pathlib import Path

from django.apps import apps
from django.db import models

from dangjian.core import reach
from dangjian.core.management.commands.reach import listing, scoped_models
from dangjian.core.querysets import ScopedQuerySet

LISTING = Path(__file__).resolve().parent.parent / "docs" / "reach.md"
# Models that point at an organization but are not data anyone browses, with the reason.
UNSCOPED = {
    "assessment.AnalysisRule": "a street's analysis settings, read and set through the street itself",
    "care.ArchiveGrant": "the grant itself: managed by operators in the admin, read by the Granted reach",
    "core.MetricSnapshot": "stored figures: read only through core.snapshots, which checks the reader's roles",
    "orgs.Organization": "",  # scoped (listed for the foreign-key rule only)
}


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("dangjian.")]


def _points_at_tree(model) -> bool:
    return any(f.is_relation and f.related_model is not None and f.related_model._meta.label == "orgs.Organization"
               for f in model._meta.get_fields() if f.concrete)


def test_every_model_holding_organization_data_declares_its_reach():
    missing = [m._meta.label for m in _project_models()
               if (_points_at_tree(m) or isinstance(m._default_manager.all(), ScopedQuerySet))
               and not reach.is_scoped(m) and m._meta.label not in UNSCOPED]
    assert missing == []


def test_every_declaration_names_real_fields_and_builds_a_query(db):
    from dangjian.testing import world

    user = world.user("secretary_a")
    for model in scoped_models():
        # A row in the tree has a place (a Subtree); a personal row (a notification) only an owner.
        assert any(isinstance(r, reach.Subtree) for r in reach.declarations(model)) or not _points_at_tree(model)
        list(model.objects.visible_to(user)[:1])  # a wrong field name raises here
        list(model.objects.editable_by(user)[:1])


def test_no_model_writes_its_own_visible_to():
    overriding = [m._meta.label for m in scoped_models()
                  if any("visible_to" in vars(k) for k in type(m._default_manager.all()).__mro__
                         if k is not ScopedQuerySet and issubclass(k, models.QuerySet))]
    assert overriding == []


def test_the_listing_in_docs_is_current():
    assert LISTING.read_text(encoding="utf-8") == listing(), "run: dangjian reach --write docs/reach.md"
