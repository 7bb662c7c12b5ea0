"""The indicator catalogue's form: what may change once a published month has used a line."""

from django import forms
from django.core.exceptions import ValidationError

from dangjian.core import metrics
from dangjian.core.views import ScopedModelForm
from dangjian.orgs.choices import OrgKind

from .models import Indicator, Method, MonthlyScore


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
        if self.instance.pk and {"method", "metric", "applies_to"} & set(self.changed_data):
            if MonthlyScore.objects.filter(indicator=self.instance, month__published_at__isnull=False).exists():
                raise ValidationError("该指标已用于已发布的月考核，不能再改计分方式、自动指标或考核对象；"
                                      "如需调整，请停用此指标并新增一条。")
        if data.get("method") == Method.AUTO and not data.get("metric"):
            raise ValidationError({"metric": "自动计算的指标须选择平台数据指标。"})
        if data.get("method") == Method.AUTO and data.get("target") is None:
            raise ValidationError({"target": "请填写满分标准：指标值达到多少得满分"
                                             "（比率填 100 表示 100%，次数填次数）。"})
        if data.get("method") == Method.MANUAL:
            data["metric"], data["target"] = "", None
        if data.get("street") and data.get("name"):
            same = Indicator.objects.filter(street=data["street"], name=data["name"].strip(), active=True,
                                            applies_to=data.get("applies_to")).exclude(pk=self.instance.pk)
            if same.exists():
                raise ValidationError({"name": "已有同名的启用指标，请换一个名称或先停用原指标。"})
        if data.get("target") is not None and data["target"] <= 0:
            raise ValidationError({"target": "满分标准应大于 0。"})
        if data.get("max_score") is not None and data["max_score"] <= 0:
            raise ValidationError({"max_score": "满分应大于 0。"})
        if data.get("weight") is not None and data["weight"] <= 0:
            raise ValidationError({"weight": "权重应大于 0。"})
        return data
