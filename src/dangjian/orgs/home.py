"""The landing page: for staff, what waits for them (我的待办) above the counts of their part of the tree;
members land on 我的党建, residents and volunteers on their community's phone board."""


from django.db.models import Count
from django.views import generic

from dangjian.core import tree

from .choices import OrgKind


class HomeView(generic.TemplateView):
    template_name = "core/home.html"

    def get(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        from dangjian.core.roles import Role
        from dangjian.core.scope import has_role, is_staff

        user = request.user
        if not is_staff(user):
            if has_role(user, Role.MEMBER):
                return redirect("me:home")
            if has_role(user, Role.RESIDENT, Role.VOLUNTEER):
                return redirect("public:board")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from dangjian.core import todo
        from dangjian.people.models import Person

        from .models import Grid, Organization, RoleAssignment

        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["todo"] = todo.counted(user)
        ctx["todo_total"] = sum(n for _, n in ctx["todo"])
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
        ctx["chart"] = series if len(series) > 1 else []  # a comparison needs two communities
        return ctx
