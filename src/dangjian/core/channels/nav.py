from .. import nav
from ..roles import Role
from ..scope import has_role


def _configures(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY)


nav.register(nav.NavItem("工作群机器人", "channels:robot_list", icon="robot", group="系统管理", order=880,
                         allowed=_configures))
nav.register(nav.NavItem("通知发送记录", "channels:delivery_list", icon="send", group="系统管理", order=885,
                         allowed=_configures))
