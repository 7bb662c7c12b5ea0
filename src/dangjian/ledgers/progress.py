"""Task progress, derived: a leaf task's latest entry, a split task's weighted children."""

from decimal import Decimal

from django.db.models import OuterRef, Subquery

from .models import ProgressEntry, Task


def with_latest_percent(qs):
    latest = ProgressEntry.objects.filter(task=OuterRef("pk")).order_by("-date", "-id").values("percent")[:1]
    return qs.annotate(latest_percent=Subquery(latest))


def attach_progress(tasks) -> None:
    """Set `task.progress` (0–100) on each task of a list, in two queries whatever its length."""
    tasks = list(tasks)
    ids = [t.pk for t in tasks]
    children = list(with_latest_percent(Task.objects.filter(parent_id__in=ids)).values(
        "parent_id", "weight", "latest_percent", "done_on"))
    by_parent = {}
    for c in children:
        by_parent.setdefault(c["parent_id"], []).append(c)
    for t in tasks:
        kids = by_parent.get(t.pk)
        if kids:
            total_weight = sum((k["weight"] for k in kids), Decimal(0))
            done = sum(((Decimal(100) if k["done_on"] else (k["latest_percent"] or Decimal(0))) * k["weight"]
                        for k in kids), Decimal(0))
            t.progress = (done / total_weight).quantize(Decimal("0.1")) if total_weight else Decimal(0)
            t.child_count = len(kids)
        else:
            own = getattr(t, "latest_percent", None)
            t.progress = Decimal(100) if t.done_on else (own or Decimal(0))
            t.child_count = 0
