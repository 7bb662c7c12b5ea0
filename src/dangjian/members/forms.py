from django import forms
from django.utils import timezone

from dangjian.core.forms import Form, MultipleFileField
from dangjian.core.views import ScopedFormMixin, ScopedModelForm
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .actions import BRANCH_KINDS
from .choices import AttendanceStatus, AwardKind
from .models import Bulletin, CareVisit, CommitteePost, OrgLifeMeeting, PartyMember, PointEntry, TrainingSession


class PartyMemberForm(ScopedModelForm):
    class Meta:
        model = PartyMember
        fields = ["person", "branch", "category", "join_date", "full_date", "status", "status_date", "is_hardship",
                  "is_sick", "in_service", "employer", "job_post", "registered_community", "registered_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = self.fields["branch"].queryset.filter(kind__in=BRANCH_KINDS)
        self.fields["registered_community"].queryset = Organization.objects.filter(
            kind=OrgKind.COMMUNITY_COMMITTEE).visible_to(self.user)
        if self.instance.pk:
            self.fields["person"].disabled = True


class CommitteePostForm(ScopedModelForm):
    """A seat on a branch committee. Opened from a branch (`branch` given) the branch is fixed and only its
    members are offered; opened bare, the user picks one of the branches they manage."""

    class Meta:
        model = CommitteePost
        fields = ["branch", "member", "post", "start", "end"]

    def __init__(self, *args, branch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = self.fields["branch"].queryset.filter(kind__in=BRANCH_KINDS)
        members = PartyMember.objects.editable_by(self.user).select_related("person")
        branch = branch or (self.instance.branch if self.instance.branch_id else None)
        if branch is not None:
            self.fields["branch"].initial = branch.pk
            self.fields["branch"].disabled = True
            members = members.filter(branch=branch)
        self.fields["member"].queryset = members


class MeetingForm(ScopedModelForm):
    attachment_files = MultipleFileField(label="上传照片或会议记录", help_text="可多选；每个文件不超过 20MB。")

    class Meta:
        model = OrgLifeMeeting
        fields = ["organization", "kind", "date", "start_time", "duration_minutes", "place", "topic", "agenda",
                  "resolutions"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 3}), "resolutions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organization"].disabled = True


class AttendanceRowForm(Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)
    reason = forms.CharField(required=False, max_length=200)


class TrainingForm(ScopedModelForm):
    class Meta:
        model = TrainingSession
        fields = ["organization", "title", "category", "date", "hours", "teacher", "place", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class PointEntryForm(ScopedModelForm):
    class Meta:
        model = PointEntry
        fields = ["member", "rule", "date", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = self.fields["rule"].queryset.filter(active=True, automatic=False)
        self.fields["member"].queryset = PartyMember.objects.editable_by(self.user).select_related("person")
        self.fields["date"].initial = timezone.localdate()


class CareVisitForm(ScopedModelForm):
    class Meta:
        model = CareVisit
        fields = ["member", "kind", "date", "visitors", "given", "amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = PartyMember.objects.editable_by(self.user).select_related("person")


class NominationForm(ScopedFormMixin, forms.Form):
    member = forms.ModelChoiceField(label="党员", queryset=PartyMember.objects.all())
    kind = forms.ChoiceField(label="荣誉", choices=AwardKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    reason = forms.CharField(label="推荐理由", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = PartyMember.objects.editable_by(self.user).select_related("person")
        self.fields["year"].initial = timezone.localdate().year


class BulletinForm(ScopedModelForm):
    attachment_files = MultipleFileField(label="附件", help_text="文档、图片均可，可多选。")

    class Meta:
        model = Bulletin
        fields = ["organization", "kind", "title", "body", "link", "targets"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6}), "targets": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = Organization.objects.placeable_for(self.user, Bulletin).filter(
            kind__in=BRANCH_KINDS)


class FullExportForm(Form):
    reason = forms.CharField(label="导出用途", max_length=200, min_length=4,
                             help_text="完整导出含身份证号、手机号码，将记录导出人、时间和用途。")


class ImportForm(Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
