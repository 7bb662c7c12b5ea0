"""The weekly summary list's filter (page and export)."""

import django_filters

from dangjian.core.filters import ScopedFilterSet
from dangjian.orgs.filters import SubtreeFilter

from . import rules
from .models import WeeklySummary


class SummaryFilterSet(ScopedFilterSet):
    week = django_filters.DateFilter(label="周次（任选一天）", method="filter_week")
    within = SubtreeFilter(label="单位", queryset=rules.units().order_by("path"))
    year = django_filters.NumberFilter(label="年度", field_name="week_start", lookup_expr="year",
                                       min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label="状态", method="filter_state", empty_label="全部",
                                        choices=[("submitted", "已提交"), ("draft", "草稿"), ("late", "逾期提交")])

    class Meta:
        model = WeeklySummary
        fields = ["week", "within", "year", "state"]

    def filter_week(self, qs, name, value):
        return qs.filter(week_start=rules.monday(value))

    def filter_state(self, qs, name, value):
        if value == "draft":
            return qs.filter(submitted_at__isnull=True)
        if value == "late":
            return qs.filter(rules.late_q())
        return qs.filter(submitted_at__isnull=False)
