from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from dangjian.ledgers import actions
from dangjian.testing import world


@pytest.fixture
def split(street, community_a, community_b):
    """A committee task of this year split into equal community tasks for A and B."""
    admin, year = world.user("street"), timezone.localdate().year
    parent = actions.create_task(admin, street, year=year, title="共驻共建", category="regional",
                                 target_value=Decimal(24), deadline=date(year, 12, 31))
    children = actions.split_task(admin, parent, [(community_a, Decimal(12), None, None),
                                                  (community_b, Decimal(12), None, None)])
    return parent, children
