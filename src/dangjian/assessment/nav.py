from dangjian.core import nav
from dangjian.core.nav import is_staff

for order, (label, url, icon) in enumerate(
    [
        ("周总结", "assessment:summary_list", "journal-text"),
        ("月考核与季排名", "assessment:month_list", "trophy"),
        ("考核指标", "assessment:indicator_list", "list-check"),
        ("不平衡分析", "assessment:analysis", "graph-down"),
        ("党建阵地", "assessment:position_list", "building"),
        ("功能室预约", "assessment:booking_list", "calendar-check"),
    ],
    start=85,
):
    nav.register(nav.NavItem(label, url, icon=icon, group="考核与报告", order=order, allowed=is_staff))
