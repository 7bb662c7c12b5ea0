from dangjian.core import nav
from dangjian.core.nav import is_staff as staff

from ..nav import GROUP

nav.register(nav.NavItem("发展党员", "recruitment:candidate_list", icon="person-plus", group=GROUP, order=50,
                         allowed=staff))
