"""Forms of the weekly summary write page; unit choices are always the user's own units."""

from django import forms

from dangjian.core.forms import Form, style_fields
from dangjian.orgs.models import Organization

from . import rules
from .actions import TEXT_LIMIT, writable_units


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class WeekChoiceForm(Form):
    """Which unit and week to write: read from the query string (?within=&week=), so the page can be linked."""

    within = UnitChoiceField(label="单位", queryset=Organization.objects.none(), empty_label="请选择单位")
    week = forms.DateField(label="周次（任选这一周的一天）")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = writable_units(user).order_by("path")
        style_fields(self)

    def clean_week(self):
        return rules.monday(self.cleaned_data["week"])


class SummaryForm(Form):
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
