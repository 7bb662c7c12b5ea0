from dangjian.core import nav
from dangjian.core.nav import is_staff

from ..nav import GROUP

nav.register(nav.NavItem("全国党员信息", "national:home", icon="arrow-left-right", group=GROUP, order=59,
                         allowed=is_staff))
