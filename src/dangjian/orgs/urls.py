from django.urls import path

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
]
