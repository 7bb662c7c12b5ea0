"""Forms and the list filter of weekly summaries; unit choices are always the user's own units."""

import django_filters
from django import forms

from dangjian.core.filters import ScopedFilterSet
from dangjian.core.forms import style_fields
from dangjian.orgs.models import Organization

from .. import summaries
from ..actions_summaries import TEXT_LIMIT
from ..models import WeeklySummary


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class WeekChoiceForm(forms.Form):
    """Which unit and week to write: read from the query string (?org=&week=), so the page can be linked."""

    org = UnitChoiceField(label="单位", queryset=Organization.objects.none(), empty_label="请选择单位")
    week = forms.DateField(label="周次（任选这一周的一天）",
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        placeable = Organization.objects.placeable_for(user, WeeklySummary)
        self.fields["org"].queryset = summaries.units().filter(pk__in=placeable.values("pk")).order_by("path")
        style_fields(self)

    def clean_week(self):
        return summaries.monday(self.cleaned_data["week"])


class SummaryForm(forms.Form):
    narrative = forms.CharField(
        label="本周工作小结", required=False, max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8, "class": "fs-5",
                                     "placeholder": "本周做了哪些工作、解决了哪些问题、有什么经验和不足"}))
    next_week = forms.CharField(
        label="下周工作安排", required=False, max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5, "class": "fs-5"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class SummaryFilterSet(ScopedFilterSet):
    week = django_filters.DateFilter(label="周次（任选一天）", method="filter_week",
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    org = django_filters.ModelChoiceFilter(label="单位", field_name="organization", empty_label="全部",
                                           queryset=summaries.units().order_by("path"))
    year = django_filters.NumberFilter(label="年度", field_name="week_start", lookup_expr="year",
                                       min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label="状态", method="filter_state", empty_label="全部",
                                        choices=[("submitted", "已提交"), ("draft", "草稿"), ("late", "逾期提交")])

    class Meta:
        model = WeeklySummary
        fields = ["week", "org", "year", "state"]

    def filter_week(self, qs, name, value):
        return qs.filter(week_start=summaries.monday(value))

    def filter_state(self, qs, name, value):
        if value == "draft":
            return qs.filter(submitted_at__isnull=True)
        if value == "late":
            return qs.filter(summaries.late_q())
        return qs.filter(submitted_at__isnull=False)

