"""The two-level ledgers (台账): every child organization side by side, each figure a filter."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from dangjian.core import tree
from dangjian.orgs.models import Organization

from .models import Problem, Task
from .progress import with_latest_percent
from .states import PROBLEM_STATES, TASK_STATES, leaf_tasks, problem_state_q, task_state_q


@dataclass
class LedgerRow:
    org: dict
    own_only: bool = False  # the chosen organization's own items (not its children's)
    tasks: dict = field(default_factory=lambda: defaultdict(int))
    problems: dict = field(default_factory=lambda: defaultdict(int))
    task_total: int = 0
    problem_total: int = 0
    weighted: Decimal = Decimal(0)
    weight: Decimal = Decimal(0)

    @property
    def completion(self) -> Decimal:
        return (self.weighted / self.weight).quantize(Decimal("0.1")) if self.weight else Decimal(0)


def tasks_in(user, within, year, category=None):
    qs = leaf_tasks(Task.objects.visible_to(user).filter(organization__path__startswith=within.path, year=year))
    return qs.filter(category=category) if category else qs


def problems_in(user, within, year, category=None):
    qs = Problem.objects.visible_to(user).filter(organization__path__startswith=within.path, found_on__year=year)
    return qs.filter(category=category) if category else qs


def committee_ledger(user, within: Organization, year: int, category=None):
    today = timezone.localdate()
    depth = tree.depth(within.path) + 1
    children = list(Organization.objects.visible_to(user).filter(path__startswith=within.path, depth=depth)
                    .values("id", "name", "path", "kind"))
    rows = {c["path"]: LedgerRow(c) for c in children}
    own = LedgerRow({"id": within.pk, "name": f"{within.name}（本级）", "path": within.path, "kind": within.kind},
                    own_only=True)

    def row_for(path):
        return rows.get(tree.at_depth(path, depth)) if len(path) > len(within.path) else own

    task_counts = {k: Count("id", filter=task_state_q(k, today)) for k in TASK_STATES}
    for r in (tasks_in(user, within, year, category).order_by().values("organization__path")
              .annotate(n=Count("id"), **task_counts)):
        row = row_for(r["organization__path"])
        if row is None:
            continue
        row.task_total += r["n"]
        for k in TASK_STATES:
            row.tasks[k] += r[k]
    # Completion weighs each task by how much its committee task matters (the parent's weight); a
    # child's own weight only says how much that community counts within the committee task.
    for t in with_latest_percent(tasks_in(user, within, year, category)).values(
            "organization__path", "weight", "parent__weight", "latest_percent", "done_on"):
        row = row_for(t["organization__path"])
        if row is None:
            continue
        importance = t["parent__weight"] if t["parent__weight"] is not None else t["weight"]
        row.weighted += (Decimal(100) if t["done_on"] else (t["latest_percent"] or Decimal(0))) * importance
        row.weight += importance
    problem_counts = {k: Count("id", filter=problem_state_q(k, today)) for k in PROBLEM_STATES}
    for r in (problems_in(user, within, year, category).order_by().values("organization__path")
              .annotate(n=Count("id"), **problem_counts)):
        row = row_for(r["organization__path"])
        if row is None:
            continue
        row.problem_total += r["n"]
        for k in PROBLEM_STATES:
            row.problems[k] += r[k]
    ordered = [rows[p] for p in sorted(rows)]
    if own.task_total or own.problem_total:
        ordered.insert(0, own)
    total = LedgerRow({"id": within.pk, "name": "合计", "path": within.path, "kind": within.kind})
    _total_completion(user, within, year, category, total)
    for row in ordered:
        total.task_total += row.task_total
        total.problem_total += row.problem_total
        for k in TASK_STATES:
            total.tasks[k] += row.tasks[k]
        for k in PROBLEM_STATES:
            total.problems[k] += row.problems[k]
    return ordered, total


def _total_completion(user, within, year, category, total) -> None:
    """The whole organization's completion: its top tasks (split ones by their weighted parts)."""
    from .progress import attach_progress

    qs = Task.objects.visible_to(user).filter(organization__path__startswith=within.path, year=year)
    if category:
        qs = qs.filter(category=category)
    tops = list(with_latest_percent(qs.exclude(parent__organization__path__startswith=within.path))
                .select_related("parent"))
    attach_progress(tops)
    for t in tops:
        importance = t.parent.weight if t.parent_id else t.weight
        total.weighted += t.progress * importance
        total.weight += importance
