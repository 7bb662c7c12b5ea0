"""The robot form: the webhook and the secret are write-only, like a password field — both hold the group's key,
so neither is ever sent back to a browser; left empty on an edit, each stays as it was."""

import django_filters
from django import forms

from ..filters import ScopedFilterSet
from ..views import ScopedModelForm
from .models import Channel, Delivery, Robot, Status

KEEP = "留空则保持原值。"


class WriteOnlyInput(forms.TextInput):
    """A text box that never renders a value (neither the stored one nor, after an error, the one typed): a
    password box would have the browser offer to save the address as a password."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


class RobotForm(ScopedModelForm):
    webhook = forms.CharField(label="Webhook 地址", required=False, max_length=2048,
                              widget=WriteOnlyInput(attrs={
                                  "autocomplete": "off", "spellcheck": "false",
                                  "placeholder": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}),
                              help_text="群设置 → 群机器人 → 添加机器人后复制的地址，以 https://qyapi.weixin.qq.com/"
                                        " 或 https://oapi.dingtalk.com/ 开头。地址含密钥，加密保存，保存后不再显示。")
    secret = forms.CharField(label="加签密钥", required=False, widget=forms.PasswordInput(render_value=False),
                             help_text="仅钉钉“加签”安全设置需要（SEC 开头）。" + KEEP)
    clear_secret = forms.BooleanField(label="清除已保存的加签密钥", required=False)

    class Meta:
        model = Robot
        fields = ["organization", "kind", "name", "active"]

    field_order = ["organization", "kind", "name", "webhook", "secret", "clear_secret", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.webhook:
            self.fields["webhook"].help_text = f"已保存：{self.instance.webhook_masked}（密钥不再显示）。{KEEP}"
        if self.instance.pk and self.instance.secret:
            self.fields["secret"].help_text = "已保存加签密钥。留空则保持不变。"

    def clean_webhook(self):
        value = (self.cleaned_data.get("webhook") or "").strip()
        if not value and not (self.instance.pk and self.instance.webhook):
            raise forms.ValidationError("请填写 Webhook 地址。")
        return value

    def save(self, commit=True):
        robot = super().save(commit=False)
        if self.cleaned_data.get("webhook"):
            robot.webhook = self.cleaned_data["webhook"]
        if self.cleaned_data.get("clear_secret"):
            robot.secret = ""
        elif self.cleaned_data.get("secret"):
            robot.secret = self.cleaned_data["secret"].strip()
        return robot


class DeliveryFilter(ScopedFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    channel = django_filters.ChoiceFilter(label="方式", choices=Channel.choices, empty_label="全部")
    start = django_filters.DateFilter(label="起始日期", field_name="created", lookup_expr="date__gte")
    end = django_filters.DateFilter(label="截止日期", field_name="created", lookup_expr="date__lte")
    mine = django_filters.BooleanFilter(label="只看发给我的", method="filter_mine")

    class Meta:
        model = Delivery
        fields = ["status", "channel", "start", "end", "mine"]

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return queryset.filter(notification__user=user) if value and user is not None else queryset
