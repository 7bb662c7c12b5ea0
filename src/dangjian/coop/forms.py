from django import forms

from dangjian.core.forms import MultipleFileField
from dangjian.core.views import ScopedModelForm
from dangjian.members.models import PartyMember

from .models import CoBuildAgreement, JointActivity, Need, PartnerUnit, Project, Resource

TEXT = forms.Textarea(attrs={"rows": 2})


class PartnerForm(ScopedModelForm):
    class Meta:
        model = PartnerUnit
        fields = ["organization", "name", "kind", "contact_name", "contact_phone", "party_org", "member_count",
                  "leader_on_committee"]


class AgreementForm(ScopedModelForm):
    class Meta:
        model = CoBuildAgreement
        fields = ["partner", "organization_building", "resource_sharing", "member_management", "joint_activities",
                  "start", "end"]
        widgets = {"organization_building": TEXT, "resource_sharing": TEXT, "member_management": TEXT,
                   "joint_activities": TEXT}


class JointActivityForm(ScopedModelForm):
    photo_files = MultipleFileField(label="照片")

    class Meta:
        model = JointActivity
        fields = ["organization", "partners", "title", "kind", "date", "start_time", "hours", "place", "capacity",
                  "members", "partner_staff", "outcome"]
        widgets = {"outcome": TEXT, "partners": forms.SelectMultiple(attrs={"size": 5}),
                   "members": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = PartyMember.objects.active().filter(in_service=True).visible_to(
            self.user).select_related("person")
        self.fields["members"].required = False
        self.fields["members"].help_text = "在职党员（按名单记录，用于统计参与率；扫码签到的会自动加入）"
        self.fields["start_time"].required = False
        self.fields["start_time"].help_text = "扫码签到从开始前30分钟到结束后30分钟有效；不填按 09:00"

    def clean_start_time(self):
        return self.cleaned_data.get("start_time") or JointActivity._meta.get_field("start_time").default


class NeedForm(ScopedModelForm):
    class Meta:
        model = Need
        fields = ["organization", "title", "detail", "raised_on"]
        widgets = {"detail": TEXT}


class ResourceForm(ScopedModelForm):
    class Meta:
        model = Resource
        fields = ["partner", "title", "detail"]
        widgets = {"detail": TEXT}


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = ["organization", "title", "need", "resource"]
        help_texts = {"title": "新项目为“谋划中”；开始实施和完成（填写成效）在项目清单中办理。"}
