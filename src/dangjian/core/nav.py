"""Left navigation. Apps register what exists; the menu shows what the user may open."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"
    group: str = "工作台"
    order: int = 100
    allowed: Callable = field(default=lambda user: True)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ITEMS: list[NavItem] = []


def is_staff(user) -> bool:
    from .scope import is_staff as staff

    return staff(user)


def covers_community(user) -> bool:
    """Staff whose role covers a whole community or more (street, district): reports and comparisons are theirs."""
    from dangjian.orgs.models import Organization

    from .roles import SELF_ROLES
    from .scope import grants, is_unrestricted

    if is_unrestricted(user):
        return True
    community_depth = 3  # district › street › community
    return any(g.role not in SELF_ROLES and len(g.path) <= community_depth * Organization.steplen
               for g in grants(user))


def register(item: NavItem) -> None:
    if item.url_name not in {i.url_name for i in _ITEMS}:
        _ITEMS.append(item)


def items_for(user) -> list[tuple[str, list[NavItem]]]:
    groups: dict[str, list[NavItem]] = {}
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if item.allowed(user):
            groups.setdefault(item.group, []).append(item)
    return list(groups.items())
