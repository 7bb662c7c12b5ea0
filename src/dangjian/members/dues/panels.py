"""The dues card on the member page: the standard in force and the last months (two queries)."""

from ..models.dues import DuesMonth, DuesStandard
from .actions import in_force, this_month

CARD_MONTHS = 6


def panel(member, user):
    months = list(DuesMonth.objects.visible_to(user).filter(member=member)[:CARD_MONTHS])
    standards = list(DuesStandard.objects.visible_to(user).filter(member=member, effective_from__lte=this_month()))
    if not months and not standards:
        return None
    return {"template": "members/dues/_panel.html", "member": member, "months": months,
            "standard": in_force(standards, this_month()), "owing": sum(1 for m in months if not m.is_settled)}
