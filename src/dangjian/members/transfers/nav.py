from dangjian.core import nav
from dangjian.core.nav import is_staff as staff

nav.register(nav.NavItem("组织关系转接", "transfers:transfer_list", icon="arrow-left-right", group="党员与组织生活",
                         order=53, allowed=staff))
