from dangjian.core import nav, tree
from dangjian.core.nav import is_staff

GROUP = "三张清单"

for order, (label, url, icon) in enumerate([
    ("台账总览", "ledgers:ledger", "table"),
    ("问题清单", "ledgers:problem_list", "exclamation-diamond"),
    ("任务清单", "ledgers:task_list", "list-check"),
    ("责任清单", "ledgers:responsibility_list", "person-check"),
    ("目标责任书", "ledgers:letter_list", "file-earmark-text"),
    ("联系点走访", "ledgers:visit_list", "signpost-2"),
    ("干部走访情况", "ledgers:cadre_table", "calendar-week"),
    ("督办", "ledgers:notice_list", "bell-fill"),
], start=20):
    nav.register(nav.NavItem(label, url, icon=icon, group=GROUP, order=order, allowed=is_staff))


def _at_street_or_above(user) -> bool:
    """The deadline rule is the street's: its staff (and those above) read it; communities see its effect."""
    from dangjian.core.scope import grants, is_unrestricted

    return is_staff(user) and (is_unrestricted(user) or any(
        tree.depth(g.path) <= tree.STREET_DEPTH for g in grants(user)))


nav.register(nav.NavItem("整改时限规则", "ledgers:deadline_rules", icon="hourglass-split", group=GROUP, order=28,
                         allowed=_at_street_or_above))
