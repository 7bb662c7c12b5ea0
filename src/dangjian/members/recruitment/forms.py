"""The application form and one form per step (dates as YYYY-MM-DD, people limited to the branch's full members).

A step form only reads what the person typed; `actions` decides (the rules table, the vote's majority), so the
page, the API and the tests get the same answers. Field names match the fields a refusal names (`date`, …).
"""

from django import forms

from dangjian.core.forms import Form
from dangjian.orgs.models import Organization
from dangjian.people.choices import Gender
from dangjian.people.models import Person

from ..models import Candidate
from ..models.roster import MEMBER_BRANCH_KINDS
from .actions import full_members_of
from .choices import Step


class ApplicationForm(Form):
    """递交入党申请书: an existing person in the user's sight, or a new one registered here."""

    branch = forms.ModelChoiceField(label="所在支部", queryset=Organization.objects.none())
    person = forms.ModelChoiceField(label="选择已登记的人员", queryset=Person.objects.none(), required=False,
                                    help_text="已在平台登记的居民；未登记的请在下方填写。")
    name = forms.CharField(label="姓名（新登记）", max_length=50, required=False)
    id_number = forms.CharField(label="身份证号（新登记）", max_length=18, required=False)
    gender = forms.ChoiceField(label="性别", choices=[("", "—")] + list(Gender.choices), required=False)
    birth_date = forms.DateField(label="出生日期", required=False, help_text="填写身份证号时可不填。")
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    applied_on = forms.DateField(label="入党申请书日期")
    note = forms.CharField(label="情况记录", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    document = forms.CharField(label="材料", max_length=200, required=False, initial="入党申请书")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        branches = Organization.objects.placeable_for(user, Candidate).filter(kind__in=MEMBER_BRANCH_KINDS)
        self.fields["branch"].queryset = branches
        self.fields["person"].queryset = Person.objects.visible_to(user).filter(party_member__isnull=True)
        from dangjian.core.widgets import LookupSelect

        picker = LookupSelect(Person.lookup_url_name, attrs={"class": "form-select"})
        picker.choices = self.fields["person"].choices
        self.fields["person"].widget = picker

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("name") or "").strip():
            raise forms.ValidationError("请选择已登记的人员，或填写新登记人员的姓名。")
        return data

    def person_for(self):
        """The chosen person, or a new (unsaved) one placed in the branch."""
        data = self.cleaned_data
        if data.get("person"):
            return data["person"]
        return Person(organization=data["branch"], name=data["name"].strip(), gender=data.get("gender") or "",
                      birth_date=data.get("birth_date"), id_number=(data.get("id_number") or "").strip().upper(),
                      phone=(data.get("phone") or "").strip())


class StepForm(Form):
    date = forms.DateField(label="日期")
    note = forms.CharField(label="情况记录", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    document = forms.CharField(label="材料", max_length=200, required=False)
    document_default = ""

    def __init__(self, *args, candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["document"].initial = self.document_default
        self.order_fields(["date", *[n for n in self.fields if n not in ("date", "note", "document")],
                           "note", "document"])

    def members_field(self, label):
        qs = full_members_of(self.candidate.branch).select_related("person").order_by("person__pinyin", "pk")
        field = forms.ModelChoiceField(label=label, queryset=qs)
        field.label_from_instance = lambda m: m.person.name
        field.widget.attrs["class"] = "form-select"
        return field

    def arguments(self) -> dict:
        """The action's keyword arguments beyond the user, the candidate and the date."""
        data = dict(self.cleaned_data)
        data.pop("date")
        return data


class TalkForm(StepForm):
    talk_by = forms.CharField(label="谈话人", max_length=50)
    document_default = "谈话记录"


class ActivistForm(StepForm):
    filed_on = forms.DateField(label="报上级党委备案日期", required=False)
    document_default = "支部委员会会议记录"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_1"] = self.members_field("培养联系人一")
        self.fields["contact_2"] = self.members_field("培养联系人二")
        self.order_fields(["date", "contact_1", "contact_2", "filed_on", "note", "document"])


class ObserveForm(StepForm):
    document_default = "培养考察意见"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = True
        self.fields["note"].label = "考察情况"


class DevelopForm(StepForm):
    filed_on = forms.DateField(label="报上级党委备案日期", required=False)
    document_default = "支部委员会会议记录"


class ReviewForm(StepForm):
    conclusion = forms.CharField(label="政审结论", max_length=200, initial="政治审查合格")
    document_default = "政治审查综合材料"


class TrainingForm(StepForm):
    days = forms.IntegerField(label="培训天数", min_value=0, max_value=365, required=False)
    hours = forms.IntegerField(label="培训学时", min_value=0, max_value=2000, required=False)
    certificate = forms.CharField(label="结业证书编号", max_length=50, required=False)
    document_default = "培训结业证书"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "结业日期"


class IntroducersForm(StepForm):
    document_default = "入党志愿书"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["introducer_1"] = self.members_field("入党介绍人一")
        self.fields["introducer_2"] = self.members_field("入党介绍人二")
        self.order_fields(["date", "introducer_1", "introducer_2", "note", "document"])


class VoteForm(StepForm):
    entitled = forms.IntegerField(label="有表决权的正式党员数", min_value=1, max_value=10000)
    attended = forms.IntegerField(label="到会有表决权的正式党员数", min_value=0, max_value=10000)
    in_favour = forms.IntegerField(label="赞成票", min_value=0, max_value=10000)
    against = forms.IntegerField(label="反对票", min_value=0, max_value=10000)
    document_default = "支部大会决议"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].label = "支部大会日期"
        if self.candidate is not None:
            self.fields["entitled"].initial = full_members_of(self.candidate.branch).count()


class ExtendForm(StepForm):
    months = forms.IntegerField(label="延长月数", min_value=6, max_value=12, help_text="6至12个月，只能延长一次。")
    reason = forms.CharField(label="延长原因", max_length=200)
    document_default = "支部大会决议"


class StopForm(StepForm):
    reason = forms.CharField(label="终止原因", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]

    def arguments(self):
        data = super().arguments()
        data.pop("note", None)
        return data


class PlainStepForm(StepForm):
    pass


class CommitteeReviewForm(StepForm):
    document_default = "支部委员会审查意见"


class ApprovalForm(StepForm):
    document_default = "上级党委审批意见"


class OathForm(StepForm):
    document_default = "入党宣誓"


FORMS = {
    Step.TALK: TalkForm, Step.ACTIVIST: ActivistForm, Step.OBSERVE: ObserveForm, Step.DEVELOP: DevelopForm,
    Step.REVIEW: ReviewForm, Step.TRAINING: TrainingForm, Step.INTRODUCERS: IntroducersForm,
    Step.COMMITTEE_REVIEW: CommitteeReviewForm, Step.PREREVIEW: ApprovalForm, Step.VOTE: VoteForm,
    Step.APPROVE: ApprovalForm, Step.OATH: OathForm, Step.EXTEND: ExtendForm, Step.CONVERT_VOTE: VoteForm,
    Step.CONVERT_APPROVE: ApprovalForm, Step.STOP: StopForm,
}
