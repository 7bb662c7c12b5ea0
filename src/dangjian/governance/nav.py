from dangjian.core import nav
from dangjian.core.nav import is_staff
from dangjian.core.roles import Role
from dangjian.core.scope import has_role

for order, (label, url, icon) in enumerate(
    [
        ("一征三议两公开", "governance:decision_list", "megaphone"),
        ("四大员监督", "governance:supervisor_list", "eye"),
        ("社情民意", "governance:report_list", "chat-dots"),
    ],
    start=75,
):
    nav.register(nav.NavItem(label, url, icon=icon, group="民情档案与民主治理", order=order, allowed=is_staff))

nav.register(nav.NavItem("居民议事", "civic:voice", icon="chat-square-heart", group="我的", order=3,
                         allowed=lambda user: has_role(user, Role.RESIDENT, Role.VOLUNTEER, Role.MEMBER)))
