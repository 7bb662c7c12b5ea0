from dangjian.core import nav
from dangjian.core.nav import is_staff as staff
from dangjian.core.roles import Role
from dangjian.core.scope import has_role

GROUP = "党员与组织生活"


def member(user):
    return has_role(user, Role.MEMBER)


nav.register(nav.NavItem("党费收缴", "dues:home", icon="cash-coin", group=GROUP, order=57, allowed=staff))
nav.register(nav.NavItem("党费欠交", "dues:arrears", icon="exclamation-circle", group=GROUP, order=58, allowed=staff))
nav.register(nav.NavItem("我的党费", "dues:mine", icon="wallet2", group="我的", order=5, allowed=member))
