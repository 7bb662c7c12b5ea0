"""The member page's card: the member's transfers the user may see, and 转出 for those who may start one."""

from ..models.transfers import Transfer
from .actions import may_start_transfer
from .choices import OPEN_STATUSES


def panel(member, user):
    transfers = list(Transfer.objects.visible_to(user).filter(member=member)
                     .select_related("from_branch", "to_branch").order_by("-date", "-pk")[:5])
    may_start = may_start_transfer(user, member) and not any(t.status in OPEN_STATUSES for t in transfers)
    if not transfers and not may_start:
        return None
    return {"template": "members/transfers/panel.html", "member": member, "transfers": transfers,
            "may_start": may_start}
