from dangjian.core import nav
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
