from django.contrib import admin

from .models import MeetingRequirement, PointRule


@admin.register(MeetingRequirement)
class MeetingRequirementAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "times"]


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    list_display = ["item", "direction", "points", "yearly_cap", "automatic", "active"]
    list_filter = ["direction", "active"]
