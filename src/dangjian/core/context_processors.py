from . import nav, scope, twofactor
from .notify import unread_count


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_groups": nav.items_for(user),
        "scope_label": scope.scope_label(user),
        "scope_grants": scope.all_grants(user),
        "active_grant_id": getattr(user, "active_assignment_id", None),
        "unread_count": unread_count(user),
        "two_factor_on": twofactor.enabled(),
    }
