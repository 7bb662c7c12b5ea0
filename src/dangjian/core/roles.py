"""Roles and what each may do.

Kept in one table so that scoping (`visible_to`), editing (`editable_by`), revealing personal
data and the navigation all read the same facts; a new app adds no role logic of its own, only
which roles may edit its models (`Model.edit_roles`).
"""

from django.db import models


class Role(models.TextChoices):
    DISTRICT_VIEWER = "district_viewer", "区委组织部"
    STREET_ADMIN = "street_admin", "党工委工作人员"
    CADRE = "cadre", "包联科级干部"
    COMMUNITY_SECRETARY = "community_secretary", "社区党委书记"
    BRANCH_SECRETARY = "branch_secretary", "党支部书记"
    GRID_WORKER = "grid_worker", "网格员"
    MEMBER = "member", "党员"
    VOLUNTEER = "volunteer", "志愿者"
    RESIDENT = "resident", "居民"


# Roles that only ever see their own records of a model that has an owner (`self_field`).
SELF_ROLES = frozenset({Role.MEMBER, Role.VOLUNTEER, Role.RESIDENT})

# Roles that read but write nothing, except records a model explicitly gives them (`edit_roles`).
READ_ONLY_ROLES = frozenset({Role.DISTRICT_VIEWER, Role.CADRE})

# Roles allowed to reveal a full ID or phone number (each reveal is logged).
REVEAL_ROLES = frozenset(
    {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY, Role.GRID_WORKER}
)

# Roles that must sign in with a second factor (a code from an authenticator app) after the password: those
# that reveal full ID numbers and phones and export full personal data, and the street's administrators. The
# admin site's users and the operators need it too (`core.twofactor.needs_second_factor`, the one rule).
SECOND_FACTOR_ROLES = frozenset({Role.STREET_ADMIN, *REVEAL_ROLES})

# A role may grant only roles ranked at or below itself: no one can raise their own reach.
RANK = {
    Role.DISTRICT_VIEWER: 90,
    Role.STREET_ADMIN: 80,
    Role.CADRE: 60,
    Role.COMMUNITY_SECRETARY: 60,
    Role.BRANCH_SECRETARY: 40,
    Role.GRID_WORKER: 40,
    Role.MEMBER: 10,
    Role.VOLUNTEER: 10,
    Role.RESIDENT: 10,
}

# Roles that see every row of every model a figure counts in the subtree they hold: for them the committee's
# stored figures (`core.snapshots`, counted for the system) are their own count; others get figures computed
# under their own scope. Checked metric by metric in tests/test_snapshots.py.
WHOLE_SUBTREE = frozenset({Role.DISTRICT_VIEWER, Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})
