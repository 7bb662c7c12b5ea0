import django_filters
from django.db.models import Q

from dangjian.core.filters import ScopedFilterSet
from dangjian.core.roles import Role

from .choices import OrgKind
from .models import Grid, Organization, RoleAssignment


class OrganizationFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称", method="search")
    kind = django_filters.ChoiceFilter(label="类型", choices=OrgKind.choices)
    demo_site = django_filters.BooleanFilter(label="示范点", method="filter_demo")

    class Meta:
        model = Organization
        fields = ["q", "kind", "demo_site"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value))

    def filter_demo(self, qs, name, value):
        return qs.exclude(demo_site="") if value else qs.filter(demo_site="")


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter by an organization and everything under it (a prefix on the path)."""

    def __init__(self, *args, path_lookup="organization__path", **kwargs):
        self.path_lookup = path_lookup
        kwargs.setdefault("field_name", path_lookup.split("__")[0])
        kwargs.setdefault("empty_label", "全部")  # lets the API schema see an id
        kwargs.setdefault("queryset", Organization.objects.all())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if not self.path_lookup.endswith("__path"):
            return qs.filter(**{f"{self.path_lookup}__startswith": value.path})
        # The subtree's organizations by their path, then the rows by the foreign key's index (as core.reach
        # does): a join on the path would test every row of the table.
        field = self.path_lookup.removesuffix("__path")
        return qs.filter(**{f"{field}__in": Organization.objects.filter(path__startswith=value.path).values("pk")})


class GridFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    within = SubtreeFilter(label="所属组织")

    class Meta:
        model = Grid
        fields = ["q", "within"]


class RoleAssignmentFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="账号", field_name="user__username", lookup_expr="icontains")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices)
    within = SubtreeFilter(label="所属组织")

    class Meta:
        model = RoleAssignment
        fields = ["q", "role", "within"]
