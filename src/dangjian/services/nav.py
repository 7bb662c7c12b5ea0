from dangjian.core import nav
from dangjian.core.nav import is_staff
from dangjian.core.roles import Role
from dangjian.core.scope import has_role

GROUP = "志愿与便民服务"

for order, (label, url, icon) in enumerate([
    ("微心愿", "services:wish_list", "gift"),
    ("志愿活动", "services:activity_list", "calendar-heart"),
    ("志愿者", "services:volunteer_list", "person-hearts"),
    ("服务菜单", "services:item_list", "card-list"),
    ("红色志愿者驿站", "services:station_list", "house-heart"),
    ("流动居委会", "services:outdoor_list", "signpost-2"),
    ("注册申请", "services:registration_list", "person-plus"),
], start=50):
    nav.register(nav.NavItem(label, url, icon=icon, group=GROUP, order=order, allowed=is_staff))

nav.register(nav.NavItem("社区服务", "public:board", icon="phone", group="我的", order=2,
                         allowed=lambda user: has_role(user, Role.RESIDENT, Role.VOLUNTEER, Role.MEMBER)))
