"""The home page: counts of the user's own part of the tree, nothing outside it."""


from django.db.models import Count
from django.views import generic

from dangjian.core import tree

from .choices import OrgKind


class HomeView(generic.TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from dangjian.people.models import Person

        from .models import Grid, Organization, RoleAssignment

        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        orgs = Organization.objects.visible_to(user)
        by_kind = dict(orgs.order_by().values_list("kind").annotate(n=Count("id")))
        ctx["cards"] = [
            ("社区党委", by_kind.get(OrgKind.COMMUNITY_COMMITTEE, 0), "orgs:organization_list",
             f"kind={OrgKind.COMMUNITY_COMMITTEE}"),
            ("党支部", sum(by_kind.get(k, 0) for k in (OrgKind.BRANCH, OrgKind.GRID_BRANCH, OrgKind.GENERAL_BRANCH,
                                                        OrgKind.VOLUNTEER_BRANCH)), "orgs:organization_list", ""),
            ("两新组织党组织", by_kind.get(OrgKind.TWO_NEW_ORG, 0), "orgs:organization_list",
             f"kind={OrgKind.TWO_NEW_ORG}"),
            ("网格", Grid.objects.visible_to(user).count(), "orgs:grid_list", ""),
            ("人员", Person.objects.visible_to(user).count(), "people:person_list", ""),
            ("角色账号", RoleAssignment.objects.visible_to(user).count(), "orgs:roleassignment_list", ""),
        ]
        communities = list(orgs.filter(kind=OrgKind.COMMUNITY_COMMITTEE).values("path", "name"))
        counts = dict(
            Person.objects.visible_to(user)
            .order_by()  # default ordering would leak into GROUP BY
            .values_list("organization__path")
            .annotate(n=Count("id"))
        )
        series = []
        for c in communities[:40]:
            series.append([c["name"], sum(n for p, n in counts.items() if tree.is_within(p, c["path"]))])
        ctx["chart"] = series
        return ctx
