from dangjian.core import nav
from dangjian.core.nav import is_staff

from ..nav import GROUP

nav.register(nav.NavItem("流出党员", "mobile:outflow_list", icon="box-arrow-right", group=GROUP, order=55,
                         allowed=is_staff))
nav.register(nav.NavItem("流入党员", "mobile:inflow_list", icon="box-arrow-in-right", group=GROUP, order=56,
                         allowed=is_staff))
