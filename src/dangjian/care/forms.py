from django import forms

from dangjian.core.forms import Form, ModelForm, MultipleFileField
from dangjian.core.views import ScopedModelForm

from .models import CATEGORIES, HelpGroup, HelpVisit, ResidentFile


class ResidentFileForm(ScopedModelForm):
    categories = forms.MultipleChoiceField(label="人群类别", choices=CATEGORIES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ResidentFile
        fields = ["organization", "person", "categories", "situation", "difficulties", "level", "consent", "guardian"]
        widgets = {"situation": forms.Textarea(attrs={"rows": 3})}


class HelpVisitForm(ModelForm):
    photo_files = MultipleFileField(label="照片")

    class Meta:
        model = HelpVisit
        fields = ["visited_on", "visitors", "what_done"]
        widgets = {"what_done": forms.Textarea(attrs={"rows": 3}),
        }


class HelpGroupForm(ScopedModelForm):
    class Meta:
        model = HelpGroup
        fields = ["kind", "members", "note"]
        widgets = {"members": forms.SelectMultiple(attrs={"size": 8})}


class ExportForm(Form):
    reason = forms.CharField(label="导出用途", min_length=4, max_length=200)
