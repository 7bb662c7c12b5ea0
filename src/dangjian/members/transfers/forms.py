"""Forms of the transfer pages: the start (within or out of the platform), the receiving side's answers, the return
slip, and a member arriving from outside. They only collect; the steps in actions.py decide."""

from django import forms
from django.utils import timezone

from dangjian.core.forms import Form
from dangjian.orgs.models import Organization
from dangjian.people.choices import ETHNICITY_CHOICES, Education, Gender

from ..choices import ACTIVE_STATUSES, Category
from ..models import PartyMember
from ..models.roster import MEMBER_BRANCH_KINDS
from .choices import DEFAULT_VALID_DAYS, TransferKind

START_KINDS = [(TransferKind.WITHIN, "转往本平台内的党支部"), (TransferKind.OUT, "转往平台外的党组织（开具介绍信）")]


class BranchChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name}（{obj.branch.name}）"


class TransferStartForm(Form):
    """Within the platform the receiving branch may be anywhere (the transfer is between any two organizations that
    hold members); out of it the letter's details are asked instead."""

    member = MemberChoiceField(label="党员", queryset=PartyMember.objects.none())
    kind = forms.ChoiceField(label="转接方式", choices=START_KINDS, initial=TransferKind.WITHIN,
                             widget=forms.RadioSelect)
    to_branch = BranchChoiceField(label="接收支部", queryset=Organization.objects.none(), required=False,
                                  help_text="转往本平台内时选择。接收方书记（或其上级社区党委）接收后，党员即转入该支部。")
    outside_org = forms.CharField(label="接收党组织", max_length=100, required=False,
                                  help_text="转往平台外时填写，如“某某县某某镇某某村党支部”。")
    outside_parent = forms.CharField(label="接收党组织的上级党组织", max_length=100, required=False)
    letter_number = forms.CharField(label="介绍信编号", max_length=40, required=False)
    valid_days = forms.IntegerField(label="介绍信有效期（天）", min_value=1, max_value=365, initial=DEFAULT_VALID_DAYS,
                                    required=False)
    date = forms.DateField(label="转接日期")
    reason = forms.CharField(label="转接原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="如：工作调动、搬迁居住、升学等。")

    def __init__(self, *args, user=None, letter_number="", **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["member"].queryset = (PartyMember.objects.editable_by(user).filter(status__in=ACTIVE_STATUSES)
                                          .exclude(person__user=user).select_related("person", "branch"))
        self.fields["to_branch"].queryset = Organization.objects.filter(kind__in=MEMBER_BRANCH_KINDS).order_by("path")
        self.fields["date"].initial = timezone.localdate()
        self.fields["letter_number"].initial = letter_number

    def clean(self):
        data = super().clean()
        if data.get("kind") == TransferKind.WITHIN and not data.get("to_branch"):
            self.add_error("to_branch", "请选择接收支部。")
        if data.get("kind") == TransferKind.OUT:
            asked = (("outside_org", "接收党组织"), ("letter_number", "介绍信编号"), ("valid_days", "有效期"))
            for name, label in asked:
                if not data.get(name):
                    self.add_error(name, f"请填写{label}。")
        return data


class AcceptForm(Form):
    on = forms.DateField(label="接收日期", help_text="党员自该日起编入本支部。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class RejectForm(Form):
    reason = forms.CharField(label="退回理由", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(Form):
    reason = forms.CharField(label="撤回原因", max_length=200, required=False)


class ReturnForm(Form):
    on = forms.DateField(label="回执日期", help_text="接收党组织寄回（或回复）回执的日期。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class IncomingForm(Form):
    """A member arriving from outside the platform with their letter."""

    to_branch = BranchChoiceField(label="接收支部", queryset=Organization.objects.none())
    letter_number = forms.CharField(label="介绍信编号", max_length=40)
    outside_org = forms.CharField(label="原所在党组织", max_length=100)
    outside_parent = forms.CharField(label="原党组织的上级党组织", max_length=100, required=False)
    date = forms.DateField(label="转入日期")
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号", max_length=18, help_text="已在本平台登记的人员按身份证号沿用原记录。")
    gender = forms.ChoiceField(label="性别", choices=[("", "按身份证号")] + list(Gender.choices), required=False)
    ethnicity = forms.ChoiceField(label="民族", choices=ETHNICITY_CHOICES, initial="汉族")
    education = forms.ChoiceField(label="学历", choices=[("", "—")] + list(Education.choices), required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    category = forms.ChoiceField(label="党员类别", choices=Category.choices, initial=Category.FULL)
    join_date = forms.DateField(label="入党日期")
    full_date = forms.DateField(label="转正日期", required=False)
    reason = forms.CharField(label="转入原因", max_length=200, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = (Organization.objects.filter(kind__in=MEMBER_BRANCH_KINDS)
                                             .placeable_for(user, PartyMember).order_by("path"))
        self.fields["date"].initial = timezone.localdate()
