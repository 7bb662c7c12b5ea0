"""The member page's card: the member's stays away (流动), the current one first."""

from ..models.mobile import Outflow
from . import actions


def panel(member, user):
    stays = list(Outflow.objects.visible_to(user).filter(member=member).order_by("returned_on", "-start")[:5])
    can_add = not stays or not stays[0].is_open
    can_add = can_add and actions.manages_member(user, member) and member.status in actions.AWAY_FROM
    if not stays and not can_add:
        return None
    return {"template": "members/mobile/_panel.html", "stays": stays, "can_add": can_add, "member": member}
