from django import forms
from django.core.exceptions import ValidationError

from dangjian.core import metrics
from dangjian.core.views import ScopedModelForm
from dangjian.orgs.choices import OrgKind

from ..models import Indicator
from ..models.scores import Method


class IndicatorForm(ScopedModelForm):
    class Meta:
        model = Indicator
        fields = ["street", "name", "applies_to", "method", "metric", "target", "max_score", "weight", "order",
                  "active", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = self.fields["street"].queryset.filter(kind=OrgKind.STREET_COMMITTEE)
        self.fields["metric"] = forms.ChoiceField(label="自动指标", required=False,
                                                  choices=[("", "（人工评分不选）"), *metrics.choices()],
                                                  widget=forms.Select(attrs={"class": "form-select"}))

    def clean(self):
        data = super().clean()
        if data.get("method") == Method.AUTO and not data.get("metric"):
            raise ValidationError({"metric": "自动计算的指标须选择平台数据指标。"})
        if data.get("method") == Method.MANUAL:
            data["metric"] = ""
        if data.get("target") is not None and data["target"] <= 0:
            raise ValidationError({"target": "满分标准应大于 0。"})
        if data.get("max_score") is not None and data["max_score"] <= 0:
            raise ValidationError({"max_score": "满分应大于 0。"})
        if data.get("weight") is not None and data["weight"] <= 0:
            raise ValidationError({"weight": "权重应大于 0。"})
        return data
