"""Left navigation. Apps register what exists; the menu shows what the user may open."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


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
        return _url(self.url_name, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)


@lru_cache(maxsize=1024)
def _url(url_name: str, prefix: str, urlconf, root_urlconf: str) -> str:
    """A menu address, reversed once per process: the menu is drawn twice on every page (the side bar and the
    phone's), and reversing its forty addresses each time was a tenth of a list page's time."""
    return reverse(url_name)


_ITEMS: list[NavItem] = []


def is_staff(user) -> bool:
    from .scope import is_staff as staff

    return staff(user)


def covers_community(user) -> bool:
    from .scope import covers_community as covers

    return covers(user)


def register(item: NavItem) -> None:
    if item.url_name not in {i.url_name for i in _ITEMS}:
        _ITEMS.append(item)


def items_for(user) -> list[tuple[str, list[NavItem]]]:
    groups: dict[str, list[NavItem]] = {}
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if item.allowed(user):
            groups.setdefault(item.group, []).append(item)
    return list(groups.items())


def _audits(user) -> bool:
    from .duties import Duty, duty_of

    return duty_of(user) == Duty.AUDIT_ADMIN


def _administers(user) -> bool:
    """The installation's operator and the system and security administrators work in the admin site."""
    from .duties import Duty, duty_of

    return bool(getattr(user, "is_superuser", False)) or duty_of(user) in (Duty.SYSTEM_ADMIN, Duty.SECURITY_ADMIN)


register(NavItem("审计日志", "audit_log", icon="journal-check", group="系统管理", order=900, allowed=_audits))
register(NavItem("管理后台", "admin:index", icon="gear", group="系统管理", order=910, allowed=_administers))
