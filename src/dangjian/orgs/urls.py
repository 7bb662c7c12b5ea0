from django.urls import path

from . import two_new_views as two_new
from . import views

app_name = "orgs"

urlpatterns = [
    path("tree/", views.OrgTreeView.as_view(), name="tree"),
    path("", views.OrganizationListView.as_view(), name="organization_list"),
    path("add/", views.OrganizationEditView.as_view(), name="organization_add"),
    path("<int:pk>/", views.OrganizationView.as_view(), name="organization"),
    path("<int:pk>/edit/", views.OrganizationEditView.as_view(), name="organization_edit"),
    path("<int:pk>/delete/", views.OrganizationDeleteView.as_view(), name="organization_delete"),
    path("grids/", views.GridListView.as_view(), name="grid_list"),
    path("grids/add/", views.GridCreateView.as_view(), name="grid_add"),
    path("grids/<int:pk>/", views.GridView.as_view(), name="grid"),
    path("grids/<int:pk>/edit/", views.GridEditView.as_view(), name="grid_edit"),
    path("grids/<int:pk>/delete/", views.GridDeleteView.as_view(), name="grid_delete"),
    path("grids/<int:pk>/staff/add/", views.grid_staff_add, name="grid_staff_add"),
    path("grids/<int:pk>/staff/<int:staff_pk>/remove/", views.grid_staff_remove, name="grid_staff_remove"),
    path("roles/", views.RoleAssignmentListView.as_view(), name="roleassignment_list"),
    path("roles/add/", views.RoleAssignmentEditView.as_view(), name="roleassignment_add"),
    path("roles/<int:pk>/edit/", views.RoleAssignmentEditView.as_view(), name="roleassignment_edit"),
    path("roles/<int:pk>/delete/", views.RoleAssignmentDeleteView.as_view(), name="roleassignment_delete"),
    path("two-new/pairings/", two_new.CultivationListView.as_view(), name="cultivation_list"),
    path("two-new/pairings/add/", two_new.CultivationEditView.as_view(), name="cultivation_add"),
    path("two-new/pairings/<int:pk>/", two_new.CultivationView.as_view(), name="cultivation"),
    path("two-new/pairings/<int:pk>/edit/", two_new.CultivationEditView.as_view(), name="cultivation_edit"),
    path("two-new/pairings/<int:pk>/outcome/", two_new.cultivation_conclude, name="cultivation_conclude"),
    path("two-new/links/", two_new.LinkListView.as_view(), name="link_list"),
    path("two-new/links/add/", two_new.LinkEditView.as_view(), name="link_add"),
    path("two-new/links/<int:pk>/", two_new.LinkView.as_view(), name="link"),
    path("two-new/links/<int:pk>/edit/", two_new.LinkEditView.as_view(), name="link_edit"),
    path("two-new/helps/", two_new.HelpListView.as_view(), name="help_list"),
    path("two-new/helps/add/", two_new.HelpEditView.as_view(), name="help_add"),
    path("two-new/helps/<int:pk>/", two_new.HelpView.as_view(), name="help"),
    path("two-new/helps/<int:pk>/edit/", two_new.HelpEditView.as_view(), name="help_edit"),
]

# 换届 (terms.py)
from . import terms_views as terms  # noqa: E402

urlpatterns += [
    path("terms/", terms.TermListView.as_view(), name="term_list"),
    path("terms/add/", terms.TermEditView.as_view(), name="term_add"),
    path("terms/<int:pk>/", terms.TermView.as_view(), name="term"),
    path("terms/<int:pk>/edit/", terms.TermEditView.as_view(), name="term_edit"),
    path("terms/<int:pk>/approve/", terms.term_approve, name="term_approve"),
    path("terms/<int:pk>/elected/", terms.term_elected, name="term_elected"),
]
