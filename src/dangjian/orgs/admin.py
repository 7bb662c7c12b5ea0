from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Grid, GridStaff, Organization, RoleAssignment


@admin.register(Organization)
class OrganizationAdmin(TreeAdmin):
    form = movenodeform_factory(Organization)
    list_display = ["name", "kind", "demo_site"]
    search_fields = ["name"]


class GridStaffInline(admin.TabularInline):
    model = GridStaff
    raw_id_fields = ["person"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    inlines = [GridStaffInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "start", "end"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization"]
