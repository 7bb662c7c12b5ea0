from dangjian.core import nav
from dangjian.core.nav import covers_community, is_staff

# Comparisons across units and the committee's catalogue are for those who see a community or more.
WIDE = {"assessment:analysis", "assessment:indicator_list", "assessment:summary_late"}

for order, (label, url, icon) in enumerate(
    [
        ("周总结", "assessment:summary_list", "journal-text"),
        ("逾期未报周总结", "assessment:summary_late", "alarm"),
        ("月考核与季排名", "assessment:month_list", "trophy"),
        ("考核指标", "assessment:indicator_list", "list-check"),
        ("不平衡分析", "assessment:analysis", "graph-down"),
        ("阵地建设", "assessment:position_list", "building"),
        ("功能室预约", "assessment:booking_list", "calendar-check"),
    ],
    start=85,
):
    allowed = covers_community if url in WIDE else is_staff
    nav.register(nav.NavItem(label, url, icon=icon, group="考核与报告", order=order, allowed=allowed))
