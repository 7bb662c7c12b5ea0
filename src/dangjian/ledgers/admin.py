from django.contrib import admin

from .models import VisitRequirement


@admin.register(VisitRequirement)
class VisitRequirementAdmin(admin.ModelAdmin):
    list_display = ["visits_per_week", "problems_collected_per_week", "problems_solved_per_week",
                    "households_per_month", "two_new_visits_per_year", "supervision_grace_days"]
