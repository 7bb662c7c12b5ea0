from django import forms
from django.db.models import Q

from dangjian.core.forms import Form
from dangjian.core.roles import Role
from dangjian.core.views import ScopedFormMixin, ScopedModelForm

from .actions import grantable_roles
from .choices import CultivationStatus, OrgKind
from .models import Cultivation, Grid, GridStaff, HelpRecord, LinkActivity, Organization, RoleAssignment


class OrganizationForm(ScopedModelForm):
    parent = forms.ModelChoiceField(
        label="上级组织", queryset=Organization.objects.all(), required=False,
        help_text="只能选择您有权管理的组织。",
    )

    class Meta:
        model = Organization
        fields = ["parent", "name", "short_name", "kind", "demo_site", "secretary", "contact_phone",
                  "address", "established", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            parent = self.instance.parent_org()
            self.fields["parent"].initial = parent.pk if parent else None
            # Keeping the current parent is always allowed (a secretary edits their own community,
            # whose parent they do not manage); moving needs a target they manage, never below itself.
            allowed = self.fields["parent"].queryset.values("pk")
            self.fields["parent"].queryset = Organization.objects.filter(
                Q(pk__in=allowed) | Q(pk=getattr(parent, "pk", None))
            ).exclude(path__startswith=self.instance.path)

    def clean(self):
        data = super().clean()
        parent = data.get("parent")
        if not parent and not (self.user and self.user.is_superuser):
            if not self.instance.pk or self.instance.parent_org() is not None:
                self.add_error("parent", "请选择上级组织。")
        return data


class GridCreateForm(ScopedFormMixin, forms.Form):
    community = forms.ModelChoiceField(
        label="所属社区", queryset=Organization.objects.filter(
            kind__in=[OrgKind.COMMUNITY_COMMITTEE, OrgKind.GENERAL_BRANCH]
        )
    )
    name = forms.CharField(label="网格名称", max_length=60)
    area = forms.CharField(label="范围", max_length=200, required=False, help_text="包含的小区、楼栋或街巷")
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GridForm(ScopedModelForm):
    class Meta:
        model = Grid
        fields = ["name", "area", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class GridStaffForm(ScopedModelForm):
    class Meta:
        model = GridStaff
        fields = ["person", "post", "duty"]

    def __init__(self, *args, grid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        if grid is not None:
            self.instance.grid = grid
            community = grid.organization.parent_org()
            self.fields["person"].queryset = self.fields["person"].queryset.filter(
                organization__path__startswith=community.path
            )

    def _get_validation_exclusions(self):
        # The grid is set by the view, not typed; still check "one holder per fixed post" against it.
        return super()._get_validation_exclusions() - {"grid"}


class RoleAssignmentForm(ScopedModelForm):
    username = forms.CharField(label="账号", max_length=150, help_text="已有账号直接填写；新账号将按下方初始密码创建。")
    initial_password = forms.CharField(
        label="初始密码", required=False, widget=forms.PasswordInput(render_value=False),
        help_text="仅新建账号时需要：至少8位，含大小写字母、数字、符号中的三类。",
    )
    person = forms.ModelChoiceField(label="对应人员", queryset=None, required=False,
                                    help_text="把账号与人员档案关联（可选）。")

    class Meta:
        model = RoleAssignment
        fields = ["organization", "role", "start", "end", "note"]

    def __init__(self, *args, **kwargs):
        from dangjian.people.models import Person

        self.base_fields["person"].queryset = Person.objects.all()
        super().__init__(*args, **kwargs)
        allowed = set(grantable_roles(self.user))
        self.fields["role"].choices = [(v, label) for v, label in Role.choices if v in allowed]
        self.order_fields(["username", "initial_password", "person", "organization", "role", "start", "end", "note"])
        if self.instance.pk:
            self.fields["username"].initial = self.instance.user.username


# -- 双培四联三帮带 -------------------------------------------------------------------------------------------


class CultivationForm(ScopedModelForm):
    class Meta:
        model = Cultivation
        fields = ["organization", "direction", "person", "mentor", "start", "goal"]


class CultivationOutcomeForm(Form):
    """How a pairing ended: the person became what they were cultivated to be, or the pairing stopped."""

    status = forms.ChoiceField(label="培养结果", choices=[
        ("", "请选择"),  # nothing preselected: a hurried click must not record success (it cannot be undone)
        (CultivationStatus.ACHIEVED, "已培养成（已发展为党员 / 已成为业务骨干）"),
        (CultivationStatus.ENDED, "中止培养")])
    on = forms.DateField(label="结果日期")
    outcome = forms.CharField(label="结果说明", max_length=200, required=False,
                              help_text="如：已列为发展对象并接收为预备党员；已担任车间主任。中止培养须说明原因。")


class LinkActivityForm(ScopedModelForm):
    class Meta:
        model = LinkActivity
        fields = ["organization", "link", "date", "partner", "content", "participants"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class HelpRecordForm(ScopedModelForm):
    class Meta:
        model = HelpRecord
        fields = ["organization", "kind", "date", "helper", "helped", "content", "result"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}
