from dangjian.core import nav
from dangjian.core.nav import is_staff

nav.register(nav.NavItem("区域化党建", "coop:partner_list", icon="buildings", group="志愿与便民服务", order=45,
                         allowed=is_staff))
