from dangjian.core import nav
from dangjian.core.nav import is_staff as staff
from dangjian.core.roles import Role
from dangjian.core.scope import has_role

GROUP = "党员与组织生活"


def member(user):
    return has_role(user, Role.MEMBER)


for order, (label, url, icon) in enumerate([
    ("党员名册", "members:member_list", "person-vcard"),
    ("组织生活", "members:meeting_list", "calendar-check"),
    ("落实情况", "members:compliance", "clipboard-check"),
    ("党员轮训", "members:training_list", "mortarboard"),
    ("党员积分", "members:points", "star"),
    ("党内关怀", "members:care_list", "heart"),
    ("评优评先", "members:award_list", "award"),
    ("支部班子", "members:committee_list", "people-fill"),
    ("在职党员报到", "members:reportins", "qr-code"),
], start=30):
    nav.register(nav.NavItem(label, url, icon=icon, group=GROUP, order=order, allowed=staff))

def staff_or_member(user):
    """党员之家 is for party members and the staff who publish to them; residents have their own board."""
    return staff(user) or member(user)


nav.register(nav.NavItem("党员之家", "members:bulletin_list", icon="house-heart", group=GROUP, order=29,
                         allowed=staff_or_member))
nav.register(nav.NavItem("我的党建", "me:home", icon="person-circle", group="我的", order=1, allowed=member))
nav.register(nav.NavItem("党员服务", "phone:home", icon="phone", group="我的", order=2, allowed=member))
