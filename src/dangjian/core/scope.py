"""The user's reach in the organization tree.

A user holds roles through `orgs.RoleAssignment`; each covers its organization's subtree. When a
user holds several, the header lets them act for one (kept in the session by
`ActiveRoleMiddleware`); API clients without a session act with all of them at once.
"""

from dataclasses import dataclass

from django.utils import timezone

from .roles import REVEAL_ROLES, Role


@dataclass(frozen=True)
class Grant:
    assignment_id: int
    role: str
    path: str
    org_id: int
    org_name: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def active_assignments(user):
    """Assignments in force today, with their organization, in a stable order."""
    from dangjian.orgs.models import RoleAssignment

    today = timezone.localdate()
    return (
        RoleAssignment.objects.filter(user=user, start__lte=today)
        .exclude(end__lt=today)
        .select_related("organization")
        .order_by("organization__path", "role")
    )


def all_grants(user) -> list[Grant]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dangjian_all_grants", None)
    if cached is None:
        cached = [
            Grant(a.pk, a.role, a.organization.path, a.organization_id, a.organization.name)
            for a in active_assignments(user)
        ]
        user._dangjian_all_grants = cached
    return cached


def grants(user) -> list[Grant]:
    """The grants the user acts with now: the chosen one, or all of them."""
    chosen = getattr(user, "active_assignment_id", None)
    every = all_grants(user)
    if chosen:
        picked = [g for g in every if g.assignment_id == chosen]
        if picked:
            return picked
    return every


def is_unrestricted(user) -> bool:
    """Superusers (the installation's operators) see the whole tree."""
    return bool(getattr(user, "is_superuser", False))


def can_reveal(user) -> bool:
    return is_unrestricted(user) or any(g.role in REVEAL_ROLES for g in grants(user))


def is_staff(user) -> bool:
    """Everyone who works on others' records (not members, volunteers, residents acting for themselves)."""
    from .roles import SELF_ROLES

    return is_unrestricted(user) or any(g.role not in SELF_ROLES for g in grants(user))


def has_role(user, *roles) -> bool:
    return is_unrestricted(user) or any(g.role in roles for g in grants(user))


def scope_label(user) -> str:
    current = grants(user)
    if is_unrestricted(user) and not current:
        return "系统管理员（全部组织）"
    if len(current) == 1:
        return f"{current[0].org_name} · {current[0].role_label}"
    if not current:
        return "未分配角色"
    return f"全部角色（{len(current)} 个）"


def holds(user, org, roles) -> bool:
    """Whether the user holds one of `roles` at `org` or above it: the rule of `reachable_with` and
    `placeable_for` for one organization, answered from the grants already loaded (no query)."""
    if is_unrestricted(user):
        return True
    return any(g.role in roles and org.path.startswith(g.path) for g in grants(user))
