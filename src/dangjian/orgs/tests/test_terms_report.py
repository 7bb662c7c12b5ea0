"""换届 in the analysis: the annual report's section 二 names the organizations whose term is overdue, with the
count as a figure (terms_overdue) whose rows are those organizations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dangjian.core.dates import add_years
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.orgs.terms import CommitteeTerm
from dangjian.reports.composer import compose
from dangjian.reports.figures import Figure
from dangjian.testing import world

pytestmark = pytest.mark.django_db


def test_it_names_the_organizations_with_overdue_terms_in_section_two():
    branch = Organization.objects.filter(path__startswith=world.community("a").path,
                                         kind=OrgKind.BRANCH).order_by("path").first()
    ends = timezone.localdate() - timedelta(days=5)
    CommitteeTerm.objects.filter(organization=branch).delete()
    CommitteeTerm.objects.create(organization=branch, elected_on=add_years(ends, -3), years=3)
    report = compose(world.street(), timezone.localdate().year)
    blocks, inside = [], False
    for b in report.blocks:
        if b.kind in ("h1", "signature"):
            inside = b.text.startswith("二")
            continue
        if inside and b.kind != "narrative":
            blocks.append(b)
    text = "\n".join(b.text for b in blocks)
    assert "尚未按期换届" in text and branch.name in text
    figures = [p for b in blocks for p in b.parts if isinstance(p, Figure) and p.key == "terms_overdue"]
    assert figures and figures[0].value >= 1
