"""Quarterly ranking order.

Tie rule (stated on the ranking page too): units are ordered by their quarter total, highest first;
equal totals share a rank and the next rank skips accordingly (1, 2, 2, 4 — "standard competition
ranking"), so no community loses a place to another for an order it cannot influence; within a tie
the list shows the units in the organization tree's order.
"""

from .models import AssessmentMonth


def quarter_months(street, year: int, quarter: int) -> list[AssessmentMonth]:
    first = (quarter - 1) * 3 + 1
    return list(AssessmentMonth.objects.filter(street=street, year=year, month__in=range(first, first + 3))
                .order_by("month"))


def order(units, totals: dict):
    """[(unit, total, rank)] from {unit pk: total}; units without scores count as 0."""
    from decimal import Decimal

    scored = [(u, totals.get(u.pk, Decimal(0))) for u in units]
    scored.sort(key=lambda item: (-item[1], item[0].path))
    result, rank, previous = [], 0, None
    for position, (unit, total) in enumerate(scored, start=1):
        if total != previous:
            rank, previous = position, total
        result.append((unit, total, rank))
    return result
