"""The pipeline's figures, counted in one grouped query, equal the one-by-one count for each community."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dangjian.core import grouped, metrics
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

pytestmark = pytest.mark.django_db

KEYS = ["recruit_applicants", "recruit_activists", "recruit_development", "recruit_probationary",
        "recruit_new_members"]


def test_grouped_figures_equal_one_by_one_per_community():
    end = timezone.localdate()
    start = end - timedelta(days=364)
    orgs = list(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE).order_by("path"))
    scope = metrics.Scope()
    got = grouped.compute([(k, o) for k in KEYS for o in orgs], scope, start, end)
    for key in KEYS:
        expected = [metrics.value(key, scope, o, start, end) for o in orgs]
        assert [got[(key, o.pk)] for o in orgs] == expected, key
        assert any(expected), key  # the seeded world has someone at every stage in its communities
