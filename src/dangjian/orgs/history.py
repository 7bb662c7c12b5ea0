from dangjian.core.history import register

from .models import Grid, GridStaff, Organization, RoleAssignment

register(Organization, exclude=("numchild",))
register(Grid)
register(GridStaff)
register(RoleAssignment)
