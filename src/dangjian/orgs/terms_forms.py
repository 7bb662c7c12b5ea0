from django import forms

from dangjian.core.forms import Form
from dangjian.core.views import ScopedModelForm
from dangjian.members.choices import Post
from dangjian.people.models import Person

from .terms import CommitteeTerm, default_years


class TermForm(ScopedModelForm):
    """An election and the term it begins; the term's length defaults to the rules' for the organization."""

    class Meta:
        model = CommitteeTerm
        fields = ["organization", "elected_on", "years", "method", "entitled", "present", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["years"].required = False
        self.fields["years"].help_text = "留空按规定：党支部、党总支3年，社区党委5年"
        if not self.instance.pk:
            self.fields["years"].initial = None
        if self.instance.pk:  # a term stays with its organization
            self.fields["organization"].queryset = self.fields["organization"].queryset.filter(
                pk=self.instance.organization_id)
            self.fields["organization"].disabled = True

    def clean(self):
        data = super().clean()
        org = data.get("organization")
        if not data.get("years") and org is not None:
            data["years"] = default_years(org.kind)
        return data


class ApprovalForm(Form):
    on = forms.DateField(label="批复日期")
    number = forms.CharField(label="批复文号", max_length=60, required=False)


class ElectedForm(Form):
    name = forms.CharField(label="姓名", max_length=50, required=False)
    person = forms.ModelChoiceField(label="平台内人员", queryset=Person.objects.none(), required=False,
                                    help_text="当选人是本组织党员时选择，可不填姓名")
    post = forms.ChoiceField(label="职务", choices=Post.choices)
    votes = forms.IntegerField(label="得票数", min_value=0, required=False)

    def __init__(self, *args, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        if term is not None:  # the organization's own members on the roster
            self.fields["person"].queryset = Person.objects.filter(
                party_member__branch__path__startswith=term.organization.path).order_by("pinyin", "pk")
