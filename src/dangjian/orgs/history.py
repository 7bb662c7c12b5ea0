from dangjian.core.history import register

from .models import Cultivation, Grid, GridStaff, HelpRecord, LinkActivity, Organization, RoleAssignment

# The tree's bookkeeping (path, depth, child count) is shown by the tree itself, not as codes in the history.
register(Organization, exclude=("numchild", "path", "depth"), labels={"path": "层级位置", "depth": "层级"})
register(Grid)
register(GridStaff)
register(RoleAssignment)
register(Cultivation)
register(LinkActivity)
register(HelpRecord)

# 换届 (terms.py). Importing it here also registers its models while orgs/models.py does not import them.
from .terms import CommitteeTerm, ElectedMember  # noqa: E402

register(CommitteeTerm, reasons={"上级批复": "批复文号"})
register(ElectedMember)
