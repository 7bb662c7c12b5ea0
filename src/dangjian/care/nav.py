from dangjian.core import nav
from dangjian.core.nav import is_staff

for order, (label, url, icon) in enumerate(
    [
        ("民情档案", "care:file_list", "folder2-open"),
        ("档案统计", "care:stats", "bar-chart"),
        ("网格服务网络", "care:grid_network", "diagram-2"),
    ],
    start=70,
):
    nav.register(nav.NavItem(label, url, icon=icon, group="民情档案与民主治理", order=order, allowed=is_staff))
