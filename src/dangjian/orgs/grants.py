"""The grants a user holds today, read from role assignments; core's scoping asks for them through
`core.scope.provide_grants` (installed in apps.py), so core never imports this app."""

from django.utils import timezone

from dangjian.core.scope import Grant


def load_grants(user) -> list[Grant]:
    from .models import RoleAssignment

    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=user, start__lte=today)
        .exclude(end__lt=today)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    return [Grant(a.pk, a.role, a.organization.path, a.organization_id, a.organization.name) for a in assignments]
