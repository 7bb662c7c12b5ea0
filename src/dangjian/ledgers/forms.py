from django import forms
from django.forms import formset_factory

from dangjian.core.forms import Form, MultipleFileField
from dangjian.core.views import ScopedModelForm
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .choices import Category
from .models import ContactPoint, DeadlineRule, Problem, ResponsibilityLetter, ResponsibilityPost, Task, Visit

TEXT = forms.Textarea(attrs={"rows": 3})


class ProblemForm(ScopedModelForm):
    evidence_files = MultipleFileField(label="佐证材料", help_text="照片、扫描件等，可多选。")

    class Meta:
        model = Problem
        fields = ["organization", "title", "description", "category", "source", "found_on", "severity",
                  "responsible_org", "responsible_person", "deadline", "measures"]
        widgets = {"description": TEXT, "measures": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        deadline = self.fields["deadline"]
        if self.instance.pk:
            self.fields["organization"].disabled = True
            deadline.required = True  # every problem keeps a deadline, or it can never fall overdue
            deadline.error_messages["required"] = "请填写整改时限。"
        else:
            deadline.help_text = "留空则按所在街道的整改时限规则自动设定（一般问题、紧急问题时限不同）。"
            self.fields["responsible_org"].help_text = "留空则为问题所属组织。"
            self.fields["responsible_person"].help_text = "留空则为责任组织登记的书记。"

    def clean(self):
        data = super().clean()
        if data.get("deadline") and data.get("found_on") and data["deadline"] < data["found_on"]:
            self.add_error("deadline", "整改时限不能早于发现日期。")
        return data


class DeadlineRuleForm(ScopedModelForm):
    class Meta:
        model = DeadlineRule
        fields = ["street", "days", "urgent_days"]
        error_messages = {"street": {"unique": "该街道已制定整改时限规则，请在列表中修改。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        street = self.fields["street"]
        street.queryset = street.queryset.filter(kind=OrgKind.STREET_COMMITTEE)
        if self.instance.pk:
            street.disabled = True
        for name in ("days", "urgent_days"):
            self.fields[name].widget.attrs.update(min=1, max=365)
            self.fields[name].error_messages.update(required="请填写天数。", invalid="请填写整数天数。")


class TaskForm(ScopedModelForm):
    class Meta:
        model = Task
        fields = ["organization", "year", "title", "category", "target_value", "target_unit", "measures",
                  "deadline", "responsible_person", "weight", "problems"]
        widgets = {"measures": TEXT, "problems": forms.SelectMultiple(attrs={"size": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = self.fields["problems"].queryset.select_related("organization")[:500]
        self.fields["problems"].required = False
        if self.instance.pk:
            # Where a task sits decides who may verify it: it is not moved after creation.
            self.fields["organization"].disabled = True


class SplitRowForm(Form):
    organization = forms.ModelChoiceField(label="社区", queryset=Organization.objects.none())
    target_value = forms.DecimalField(label="目标值", required=False, min_value=0)
    deadline = forms.DateField(label="时限", required=False)
    weight = forms.DecimalField(label="权重", required=False, min_value=0, initial=1)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.placeable_for(user, Task).filter(
            kind__in=[OrgKind.COMMUNITY_COMMITTEE, OrgKind.TWO_NEW_ORG])


SplitFormSet = formset_factory(SplitRowForm, extra=0, min_num=1, validate_min=True)


class ProgressForm(Form):
    date = forms.DateField(label="日期")
    value = forms.DecimalField(label="累计完成值", required=False, min_value=0, max_digits=10, decimal_places=2,
                               help_text="有目标值时填写，自动折算进度")
    percent = forms.DecimalField(label="完成进度（%）", required=False, min_value=0, max_value=100, max_digits=4,
                                 decimal_places=1)
    note = forms.CharField(label="进展说明", widget=TEXT, max_length=2000)
    evidence_files = MultipleFileField(label="佐证材料")


class ResolveForm(Form):
    resolution = forms.CharField(label="整改结果", widget=TEXT, max_length=2000)
    evidence_files = MultipleFileField(label="佐证材料")


class ReasonForm(Form):
    no_evidence_reason = forms.CharField(label="无法提供佐证材料的原因", max_length=200)


class ResponsibilityForm(ScopedModelForm):
    class Meta:
        model = ResponsibilityPost
        fields = ["organization", "post", "holder", "start", "end", "duties", "tasks"]
        widgets = {"duties": TEXT, "tasks": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tasks_field(self, self.instance.tasks.all() if self.instance.pk else None)


def tasks_field(form, current=None):
    """Task choices of this and last year (plus those already linked); `core.pickers` labels each with
    its year and organization — a committee task split to nine communities is nine tasks of one title."""
    from django.db.models import Q
    from django.utils import timezone

    field = form.fields["tasks"]
    recent = Q(year__gte=timezone.localdate().year - 1)
    if current is not None:
        recent |= Q(pk__in=current.values("pk"))
    field.queryset = field.queryset.filter(recent).select_related("organization").order_by("-year", "title",
                                                                                             "organization__path")
    field.required = False


class LetterForm(ScopedModelForm):
    scan_file = forms.FileField(label="签字扫描件", required=False)

    class Meta:
        model = ResponsibilityLetter
        fields = ["committee", "community", "year", "tasks", "signed_on", "note"]
        widgets = {"note": TEXT, "tasks": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = self.fields["committee"].queryset.filter(kind=OrgKind.STREET_COMMITTEE)
        self.fields["community"].queryset = self.fields["community"].queryset.filter(
            kind=OrgKind.COMMUNITY_COMMITTEE)
        tasks_field(self, self.instance.tasks.all() if self.instance.pk else None)


class ContactPointForm(ScopedModelForm):
    username = forms.CharField(label="科级干部账号", max_length=150)

    class Meta:
        model = ContactPoint
        fields = ["community", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = self.fields["community"].queryset.filter(
            kind=OrgKind.COMMUNITY_COMMITTEE)
        self.order_fields(["username", "community", "start", "end"])
        if self.instance.pk:
            self.fields["username"].initial = self.instance.cadre.username

    def clean_username(self):
        from django.contrib.auth import get_user_model

        from dangjian.core.roles import Role

        user = get_user_model().objects.filter(username=self.cleaned_data["username"].strip()).first()
        if user is None or not user.role_assignments.filter(role=Role.CADRE).exists():
            raise forms.ValidationError("没有这个科级干部账号（须先在“角色与账号”中分配包联科级干部角色）。")
        self.instance.cadre = user
        return user.username


class VisitForm(ScopedModelForm):
    photo_files = MultipleFileField(label="照片", help_text="现场照片，可多选；同一张照片只保存一次。")

    class Meta:
        model = Visit
        fields = ["kind", "organization", "household", "date", "look", "listen", "speak", "act"]
        widgets = {"look": TEXT, "listen": TEXT, "speak": TEXT, "act": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.visible_to(self.user).filter(
            kind__in=[OrgKind.COMMUNITY_COMMITTEE, OrgKind.TWO_NEW_ORG, OrgKind.GRID_BRANCH])


class VisitProblemForm(Form):
    title = forms.CharField(label="发现的问题", max_length=200, required=False)
    category = forms.ChoiceField(label="类别", choices=Category.choices, required=False)
    description = forms.CharField(label="具体表现", max_length=2000, required=False)

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("category"):
            self.add_error("category", "请选择问题类别。")
        return data


VisitProblemFormSet = formset_factory(VisitProblemForm, extra=3, max_num=10)


class ReplyForm(Form):
    reply = forms.CharField(label="回复", widget=TEXT, max_length=2000)


class ImportForm(Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
