from django import forms

from dangjian.core.forms import ModelForm

from .models import AnnualReport

MAX_NARRATIVE = 5000


class AnnualReportForm(ModelForm):
    """Title, recipient, date and one narrative box per section; the numbers are not in the form."""

    class Meta:
        model = AnnualReport
        fields = ["title", "recipient", "signed_on"]

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        saved = self.instance.narratives or {}
        for key, label in self.sections:
            self.fields[f"n_{key}"] = forms.CharField(label=label, required=False, max_length=MAX_NARRATIVE,
                                                      initial=saved.get(key, ""),
                                                      widget=forms.Textarea(attrs={"rows": 3}))
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self):
        from dangjian.core.io.officialdoc import xml_text  # with python-docx: imported when a report is saved

        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = xml_text(value)  # pasted control characters would make the .docx unreadable
        return data

    def save(self, commit=True):
        self.instance.narratives = {k: self.cleaned_data.get(f"n_{k}", "").strip() for k, _ in self.sections
                                    if self.cleaned_data.get(f"n_{k}", "").strip()}
        return super().save(commit)
