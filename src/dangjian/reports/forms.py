from django import forms

from dangjian.core.forms import Form, ModelForm

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
        # A section not offered this time (a period with nothing to report offers none) keeps its saved text.
        offered = {k for k, _ in self.sections}
        kept = {k: v for k, v in (self.instance.narratives or {}).items() if k not in offered}
        self.instance.narratives = kept | {k: self.cleaned_data.get(f"n_{k}", "").strip() for k in offered
                                           if self.cleaned_data.get(f"n_{k}", "").strip()}
        return super().save(commit)


class LetterheadForm(Form):
    """A street's 署名, and its letterhead template to upload or remove; `actions.set_letterhead` checks both."""

    signature = forms.CharField(label="发文机关署名", required=False, max_length=26,
                                help_text="党工委的全称，用于年度报告等以街道党工委名义制发的公文；留空则按组织名称自动生成（即框中灰色的文字）。")
    template = forms.FileField(
        label="上传版头模板（.docx）", required=False,
        widget=forms.FileInput(attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument."
                                                         "wordprocessingml.document"}),
        help_text="在 Word 中制作：版头（红头、红色分隔线）之后单独一段写“{{正文}}”，平台在此写入正文；可写“{{署名}}”"
                  "“{{成文日期}}”放置落款，不写则按国家标准自动落款。不超过 5MB。")
    remove_template = forms.BooleanField(label="删除版头模板，恢复标准版式（GB/T 9704）", required=False)
