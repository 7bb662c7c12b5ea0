"""Dues forms: amounts are typed in yuan and kept in fen; months are typed as YYYY-MM."""

from datetime import date

from django import forms

from dangjian.core.forms import Form

from ..models.dues import DuesKind, PayMethod, yuan
from .standard import parse_yuan


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A month as the browser's month picker sends it ("2026-11"), cleaned to its first day."""

    widget = MonthInput

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value

    def to_python(self, value):
        if isinstance(value, date):
            return value.replace(day=1)
        value = (value or "").strip()
        if not value:
            return None
        try:
            year, month = (int(x) for x in value.replace("年", "-").rstrip("月").split("-")[:2])
            if not 2000 <= year <= 2100:
                raise ValueError
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError("请填写年月，如 2026-01。") from None


class YuanField(forms.Field):
    """An amount typed in yuan ("3000" or "3000.50"), cleaned to integer fen; shown back as yuan."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def prepare_value(self, value):
        return yuan(value) if isinstance(value, int) else value

    def to_python(self, value):
        if isinstance(value, int):
            return value
        value = (value or "").strip()
        if not value:
            return None
        try:
            return parse_yuan(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class StandardForm(Form):
    kind = forms.ChoiceField(label="党员类型", choices=DuesKind.choices)
    income_fen = YuanField(label="月收入基数（元）", required=False,
                           help_text="在职党员按月工资收入（税后，不含奖金津贴等按规定扣除部分），离退休党员按月退休费")
    fixed_fen = YuanField(label="固定交纳金额（元/月）", required=False, help_text="仅“其他（固定数额）”填写")
    effective_from = MonthField(label="起始月份")
    note = forms.CharField(label="备注", max_length=200, required=False)


class ExemptionForm(Form):
    start = MonthField(label="起始月份")
    end = MonthField(label="截止月份", required=False, help_text="留空表示长期")
    monthly_fen = YuanField(label="减免后每月应交（元）", required=False, help_text="0 或留空表示免交")
    reason = forms.CharField(label="减免理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="如：生活困难、患重病等，须经上级党组织批准")


class PaymentForm(Form):
    """The page-wide part of recording payments (the rows carry their own amounts)."""

    paid_on = forms.DateField(label="交纳日期")
    method = forms.ChoiceField(label="交纳方式", choices=PayMethod.choices, initial=PayMethod.CASH)


class RecalculateForm(Form):
    effective_from = MonthField(label="新标准起始月份", help_text="通常为每年1月")


class BankImportForm(Form):
    file = forms.FileField(label="银行代扣结果（.xlsx）")
