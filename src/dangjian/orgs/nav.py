from dangjian.core import nav
from dangjian.core.views import can_create

from .models import RoleAssignment

nav.register(nav.NavItem("组织架构", "orgs:tree", icon="diagram-3", group="组织与人员", order=10, allowed=nav.is_staff))
nav.register(nav.NavItem("组织列表", "orgs:organization_list", icon="list-ul", group="组织与人员", order=11,
                         allowed=nav.is_staff))
nav.register(nav.NavItem("网格", "orgs:grid_list", icon="grid-3x3", group="组织与人员", order=12, allowed=nav.is_staff))
nav.register(nav.NavItem("双培四联三帮带", "orgs:cultivation_list", icon="people", group="组织与人员", order=13,
                         allowed=nav.is_staff))
nav.register(
    nav.NavItem(
        "角色与账号", "orgs:roleassignment_list", icon="person-badge", group="系统", order=90,
        allowed=lambda user: can_create(user, RoleAssignment),
    )
)
nav.register(nav.NavItem("班子换届", "orgs:term_list", icon="arrow-repeat", group="组织与人员", order=14,
                         allowed=nav.is_staff))
