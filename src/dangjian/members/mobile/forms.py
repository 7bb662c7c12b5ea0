from datetime import timedelta

from django import forms
from django.utils import timezone

from dangjian.core.forms import Form
from dangjian.core.views import ScopedModelForm
from dangjian.people.models import Person

from ..choices import Status
from ..models import OrgLifeMeeting, PartyMember
from ..models.mobile import Inflow, Outflow
from .actions import AWAY_FROM


class OutflowForm(ScopedModelForm):
    """The phone is never sent back to the browser in full (as in `people.forms.PersonForm`): blank on edit means
    unchanged."""

    class Meta:
        model = Outflow
        fields = ["member", "place", "unit", "phone", "card_number", "card_issued", "host_org", "host_contact",
                  "start", "expected_return", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3}),
                   "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel", "maxlength": 20})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept_phone = ""
        if self.instance.pk:
            self._kept_phone = self.instance.phone
            self.initial["phone"] = ""
            if self.instance.phone_masked:
                self.fields["phone"].widget.attrs["placeholder"] = f"{self.instance.phone_masked}（留空表示不修改）"
        members = PartyMember.objects.editable_by(self.user).select_related("person")
        if self.instance.pk:  # the member of a stay is not changed (a new stay is registered instead)
            self.fields["member"].queryset = members.filter(pk=self.instance.member_id)
            self.fields["member"].disabled = True
        else:
            self.fields["member"].queryset = members.filter(status__in=AWAY_FROM).exclude(status=Status.MOBILE)

    def clean_phone(self):
        return self.cleaned_data.get("phone") or self._kept_phone


class OutflowReturnForm(Form):
    on = forms.DateField(label="返回日期")
    note = forms.CharField(label="说明", max_length=200, required=False)


class ContactForm(Form):
    date = forms.DateField(label="联系日期")
    note = forms.CharField(label="联系情况", max_length=200, help_text="如：电话联系，本人在外务工情况良好")


class InflowForm(ScopedModelForm):
    class Meta:
        model = Inflow
        fields = ["person", "branch", "home_org", "home_place", "card_number", "join_date", "start", "end", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the person of a stay is not changed; they may be registered outside the user's reach
            self.fields["person"].queryset = Person.objects.filter(pk=self.instance.person_id)
            self.fields["person"].disabled = True


class ParticipationForm(Form):
    meeting = forms.ModelChoiceField(label="组织生活", queryset=OrgLifeMeeting.objects.none(), required=False,
                                     empty_label="（其他活动）")
    date = forms.DateField(label="日期", required=False, help_text="选择了组织生活时按会议日期")
    note = forms.CharField(label="参加情况", max_length=200, required=False)

    def __init__(self, *args, inflow=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inflow is not None:  # the branch's meetings since they came, within the last year or so
            since = max(inflow.start, timezone.localdate() - timedelta(days=400))
            self.fields["meeting"].queryset = OrgLifeMeeting.objects.filter(
                organization_id=inflow.branch_id, date__gte=since).order_by("-date", "-start_time")
