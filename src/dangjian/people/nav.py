from dangjian.core import nav

nav.register(
    nav.NavItem("人员", "people:person_list", icon="people", group="组织与人员", order=20, allowed=nav.is_staff)
)
