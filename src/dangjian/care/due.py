"""Due help visits: each active file is due again `visit_interval_days` after its last visit."""

from django.db.models import Max
from django.utils import timezone


def with_last_visit(qs):
    return qs.annotate(last_visit=Max("visits__visited_on"))


def overdue(qs, today=None):
    """Active files whose next visit date has passed (computed in Python over the annotated rows)."""
    today = today or timezone.localdate()
    rows = with_last_visit(qs.filter(status="active", anonymised_at__isnull=True)).select_related("level")
    result = []
    for f in rows:
        due = f.next_due(f.last_visit)
        if due < today:
            f.due_on = due
            result.append(f)
    return result
