"""The user's grants in the organization tree.

A user holds roles through `orgs.RoleAssignment`; each covers its organization's subtree. When a
user holds several, the header lets them act for one (kept in the session by
`ActiveRoleMiddleware`); API clients without a session act with all of them at once.

Core does not import the app that keeps the assignments: `orgs` hands its loader to
`provide_grants` when it starts, so the dependency runs one way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from . import tree
from .roles import REVEAL_ROLES, SELF_ROLES, Role


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


_loader: Callable | None = None


def provide_grants(loader: Callable) -> None:
    """Install the function that lists a user's grants in force today (called by `orgs` when it starts)."""
    global _loader
    _loader = loader


def all_grants(user) -> list[Grant]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_dangjian_all_grants", None)
    if cached is None:
        if _loader is None:
            raise RuntimeError("no grant loader: the orgs app has not started")
        cached = list(_loader(user))
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
    return is_unrestricted(user) or any(g.role not in SELF_ROLES for g in grants(user))


def has_role(user, *roles) -> bool:
    return is_unrestricted(user) or any(g.role in roles for g in grants(user))


def scope_label(user) -> str:
    current = grants(user)
    if is_unrestricted(user) and not current:
        return "超级管理员（全部组织）"
    if len(current) == 1:
        return f"{current[0].org_name} · {current[0].role_label}"
    if not current:
        from .duties import duty_of  # a duty holder has no role in the tree: the duty is what they act as

        duty = duty_of(user)
        return duty.label if duty is not None else "未分配角色"
    return f"全部角色（{len(current)} 个）"


def holds(user, org, roles) -> bool:
    """Whether the user holds one of `roles` at `org` or above it: the rule of `reachable_with` and
    `placeable_for` for one organization, answered from the grants already loaded (no query)."""
    if is_unrestricted(user):
        return True
    return any(g.role in roles and tree.is_within(org.path, g.path) for g in grants(user))


def acts_above(user, org, roles) -> bool:
    """Whether the user holds one of `roles` at an organization strictly above `org`: the level above,
    which verifies, closes, accepts and approves what `org` did (never `org` itself)."""
    if is_unrestricted(user):
        return True
    return any(g.role in roles and tree.is_above(g.path, org.path) for g in grants(user))


def acts_above_q(user, roles, field: str = "organization"):
    """`acts_above` as a filter: rows whose organization (at `field`) lies strictly below a grant of one of
    `roles` — the rows this user decides on as the level above (to verify, to approve)."""
    from django.db.models import Q

    if is_unrestricted(user):
        return Q()
    condition = Q(pk__in=[])
    for g in grants(user):
        if g.role in roles:
            condition |= Q(**{f"{field}__path__startswith": g.path}) & ~Q(**{f"{field}__path": g.path})
    return condition


def covers_community(user) -> bool:
    """Staff whose role covers a whole community or more (street, district): comparisons are theirs."""
    if is_unrestricted(user):
        return True
    return any(g.role not in SELF_ROLES and tree.depth(g.path) <= tree.COMMUNITY_DEPTH for g in grants(user))


def nearest_grant(user, org, roles=None) -> Grant | None:
    """The user's grant closest above (or at) `org`: the organization they act for when they act on it."""
    covering = [g for g in grants(user) if tree.is_within(org.path, g.path) and (roles is None or g.role in roles)]
    return max(covering, key=lambda g: len(g.path), default=None)
