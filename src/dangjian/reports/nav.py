from dangjian.core import nav
from dangjian.core.nav import covers_community, is_staff

for order, (label, url, icon) in enumerate(
    [
        ("数据看板", "reports:dashboard", "bar-chart"),
        ("年度落实情况报告", "reports:annual", "file-earmark-word"),
    ],
    start=95,
):
    allowed = covers_community if url == "reports:annual" else is_staff
    nav.register(nav.NavItem(label, url, icon=icon, group="考核与报告", order=order, allowed=allowed))
