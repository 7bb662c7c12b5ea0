"""Organization-life compliance: meetings held against the required frequencies.

For a chosen month, each requirement is judged on the period that contains it (the month,
its quarter, or its year). A meeting counts as held once it has ended (one on the calendar is
not held yet). A period that has ended without enough meetings is overdue; one still running is
pending. Branch rows roll up to the chosen organization's direct children
(communities for the committee, branches' parents for a community).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from dangjian.core import tree
from dangjian.orgs.models import Organization

from .actions import BRANCH_KINDS
from .models import MeetingRequirement, OrgLifeMeeting
from .models.meetings import as_of, ended_by
from .periods import span_of

DONE, PENDING, OVERDUE = "done", "pending", "overdue"


@dataclass
class Cell:
    held: int
    required: int
    state: str


@dataclass
class BranchRow:
    branch: dict
    cells: list
    overdue: int = 0


@dataclass
class GroupRow:
    org: dict
    branches: int = 0
    overdue_by_kind: dict = field(default_factory=dict)
    overdue_branches: int = 0


def requirements():
    return list(MeetingRequirement.objects.order_by("period", "kind"))


def table(user, within: Organization, month: date, today: date):
    reqs = requirements()
    spans = {r.kind: span_of(r.period, month) for r in reqs}
    branches = list(
        Organization.objects.visible_to(user)
        .filter(path__startswith=within.path, kind__in=BRANCH_KINDS)
        .order_by("path")
        .values("id", "name", "path", "kind")
    )
    year_start, year_end = date(month.year, 1, 1), date(month.year, 12, 31)
    counts = {
        kind: Count("id", filter=Q(kind=kind, date__gte=spans[kind].start, date__lte=spans[kind].end))
        for kind in spans
    }
    rows = (
        OrgLifeMeeting.objects.visible_to(user)
        .filter(ended_by(as_of(today)), organization__path__startswith=within.path, date__gte=year_start,
                date__lte=year_end)
        .order_by()
        .values("organization_id")
        .annotate(**{f"n_{k}": c for k, c in counts.items()})
    )
    held = {r["organization_id"]: r for r in rows}
    result = []
    for b in branches:
        cells = []
        for r in reqs:
            n = held.get(b["id"], {}).get(f"n_{r.kind}", 0)
            span = spans[r.kind]
            state = DONE if n >= r.times else (OVERDUE if span.ended(today) else PENDING)
            cells.append(Cell(n, r.times, state))
        result.append(BranchRow(b, cells, sum(1 for c in cells if c.state == OVERDUE)))
    return reqs, spans, result


def rollup(user, within: Organization, branch_rows, reqs):
    """Group branch rows under the chosen organization's direct children."""
    depth = tree.depth(within.path) + 1
    children = {
        o["path"]: o for o in Organization.objects.visible_to(user)
        .filter(path__startswith=within.path, depth=depth).values("id", "name", "path", "kind")
    }
    groups: dict[str, GroupRow] = {}
    counts = defaultdict(int)
    for row in branch_rows:
        key = tree.at_depth(row.branch["path"], depth)
        org = children.get(key)
        if org is None:
            continue
        group = groups.setdefault(key, GroupRow(org, overdue_by_kind={r.kind: 0 for r in reqs}))
        group.branches += 1
        for r, cell in zip(reqs, row.cells, strict=True):
            if cell.state == OVERDUE:
                group.overdue_by_kind[r.kind] += 1
                counts[r.kind] += 1
        if row.overdue:
            group.overdue_branches += 1
    ordered = [groups[k] for k in sorted(groups)]
    return ordered, counts
