from dangjian.core import nav
from dangjian.core.nav import covers_community, is_staff
from dangjian.core.roles import Role
from dangjian.core.scope import has_role

for order, (label, url, icon) in enumerate(
    [
        ("数据看板", "reports:dashboard", "bar-chart"),
        ("年度落实情况报告", "reports:annual", "file-earmark-word"),
    ],
    start=95,
):
    allowed = covers_community if url == "reports:annual" else is_staff
    nav.register(nav.NavItem(label, url, icon=icon, group="考核与报告", order=order, allowed=allowed))

nav.register(nav.NavItem("公文署名与版头", "reports:letterhead", icon="file-earmark-richtext", group="考核与报告",
                         order=97, allowed=lambda user: has_role(user, Role.STREET_ADMIN)))
