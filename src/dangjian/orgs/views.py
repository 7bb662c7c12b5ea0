from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import generic
from django.views.decorators.http import require_POST

from dangjian.core import tree
from dangjian.core.scope import is_staff
from dangjian.core.views import (
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    add_validation_error,
    can_create,
    get_visible_or_404,
    run_action,
)
from dangjian.core.workflow import Refused

from . import actions
from . import tree as org_tree
from .choices import OrgKind
from .filters import GridFilterSet, OrganizationFilterSet, RoleAssignmentFilterSet
from .forms import GridCreateForm, GridForm, GridStaffForm, OrganizationForm, RoleAssignmentForm
from .models import Grid, GridStaff, Organization, RoleAssignment
from .terms import TERM_KINDS, CommitteeTerm
from .terms_actions import may_record_election
from .two_new_views import two_new_summary


class OrgTreeView(generic.TemplateView):
    template_name = "orgs/tree.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        roots, count = org_tree.build(self.request.user)
        open_depth = (min((r["depth"] for r in roots), default=1)) + (0 if count > 60 else 1)
        ctx["tree_html"] = org_tree.render(roots, open_depth)
        ctx["node_count"] = count
        ctx["can_create"] = can_create(self.request.user, Organization)
        return ctx


class OrganizationListView(ObjectListView):
    model = Organization
    filterset_class = OrganizationFilterSet
    template_name = "orgs/organization_list.html"

    def base_queryset(self):
        return Organization.objects.all()


class OrganizationView(ObjectView):
    model = Organization
    template_name = "orgs/organization.html"

    def base_queryset(self):
        return Organization.objects.select_related("secretary")

    def get_context_data(self, **kwargs):
        from dangjian.people.models import Person

        ctx = super().get_context_data(**kwargs)
        org = self.object
        user = self.request.user
        ctx["children"] = (
            Organization.objects.visible_to(user).filter(path__startswith=org.path, depth=org.depth + 1)
        )
        ctx["parent"] = Organization.objects.visible_to(user).filter(path=tree.parent_path(org.path)).first()
        ctx["person_count"] = Person.objects.visible_to(user).filter(organization__path__startswith=org.path).count()
        ctx["grids"] = Grid.objects.visible_to(user).filter(organization__path__startswith=org.path).annotate(
            staff_count=Count("staff")
        )
        ctx["assignments"] = (
            RoleAssignment.objects.visible_to(user).filter(organization=org).select_related("user")
        )
        if org.kind in TERM_KINDS:
            ctx["term_kinds"] = TERM_KINDS
            ctx["may_elect"] = may_record_election(user, org)
            ctx["term"] = (CommitteeTerm.objects.visible_to(user)
                           .filter(organization=org, closed_on__isnull=True).first())
        if org.kind == OrgKind.TWO_NEW_ORG and is_staff(user):
            ctx["two_new_method"] = two_new_summary(user, org)
        return ctx


class OrganizationEditView(ObjectEditView):
    model = Organization
    form_class = OrganizationForm
    prefill = ("parent",)  # 添加下级组织 from the tree; an organization being edited keeps its own parent

    def save_form(self, form):
        data = dict(form.cleaned_data)
        parent = data.pop("parent")
        if form.instance.pk:
            return actions.update_organization(form.instance, new_parent=parent, **data)
        return actions.create_organization(parent, **data)


class OrganizationDeleteView(ObjectDeleteView):
    model = Organization
    success_url_name = "orgs:tree"

    def form_valid(self, form):
        if self.object.numchild:
            messages.error(self.request, "该组织还有下级组织，不能删除。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


class GridListView(ObjectListView):
    model = Grid
    filterset_class = GridFilterSet
    template_name = "orgs/grid_list.html"

    def base_queryset(self):
        qs = Grid.objects.select_related("organization").annotate(staff_count=Count("staff"))
        return qs.order_by("organization__path")


class GridView(ObjectView):
    model = Grid
    template_name = "orgs/grid.html"

    def get_context_data(self, **kwargs):
        from dangjian.people.models import Person

        ctx = super().get_context_data(**kwargs)
        grid = self.object
        ctx["staff"] = GridStaff.objects.filter(grid=grid).select_related("person")
        ctx["resident_count"] = Person.objects.visible_to(self.request.user).filter(
            organization__path__startswith=grid.organization.path
        ).count()
        can_manage = actions.may_manage_grid_staff(self.request.user, grid)
        ctx["can_manage_staff"] = can_manage
        ctx["staff_form"] = GridStaffForm(user=self.request.user, grid=grid) if can_manage else None
        return ctx


class GridCreateView(generic.FormView):
    form_class = GridCreateForm
    template_name = "generic/object_edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_create(request.user, Grid):
            raise PermissionDenied("您的角色不能新建网格。")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            grid = actions.create_grid(**form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"已新建网格「{grid}」及其网格党支部。")
        return HttpResponseRedirect(grid.get_absolute_url())

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "model_name": "网格", "is_new": True}


class GridEditView(ObjectEditView):
    model = Grid
    form_class = GridForm


class GridDeleteView(ObjectDeleteView):
    model = Grid
    success_url_name = "orgs:grid_list"


@require_POST
def grid_staff_add(request, pk):
    grid = get_visible_or_404(Grid.objects.select_related("organization"), request.user, pk=pk)
    if not actions.may_manage_grid_staff(request.user, grid):  # before reading the form: nothing to learn
        raise PermissionDenied("您的角色不能调整网格人员。")
    form = GridStaffForm(request.POST, user=request.user, grid=grid)

    def add():
        if not form.is_valid():
            raise Refused("；".join(e for errors in form.errors.values() for e in errors))
        actions.add_grid_staff(request.user, grid, **form.cleaned_data)

    return run_action(request, grid.get_absolute_url(), add, "已添加网格人员。")


@require_POST
def grid_staff_remove(request, pk, staff_pk):
    grid = get_visible_or_404(Grid.objects.select_related("organization"), request.user, pk=pk)
    staff = get_object_or_404(GridStaff.objects.select_related("person"), pk=staff_pk, grid=grid)
    staff.grid = grid
    return run_action(request, grid.get_absolute_url(), lambda: actions.remove_grid_staff(request.user, staff),
                      f"已移除{staff.get_post_display()}：{staff.person}。")


class RoleAssignmentListView(ObjectListView):
    model = RoleAssignment
    filterset_class = RoleAssignmentFilterSet
    template_name = "orgs/roleassignment_list.html"

    def base_queryset(self):
        return RoleAssignment.objects.select_related("user", "organization")


class RoleAssignmentEditView(ObjectEditView):
    model = RoleAssignment
    form_class = RoleAssignmentForm

    def save_form(self, form):
        instance = form.instance if form.instance.pk else None
        return actions.assign_role(self.request.user, instance=instance, **form.cleaned_data)

    def get_success_url(self):
        return reverse("orgs:roleassignment_list")


class RoleAssignmentDeleteView(ObjectDeleteView):
    model = RoleAssignment
    success_url_name = "orgs:roleassignment_list"
