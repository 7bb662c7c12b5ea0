from django import forms

from dangjian.core.views import ScopedModelForm

from .models import Person


class PersonForm(ScopedModelForm):
    """ID and phone are never sent back to the browser in full: blank on edit means unchanged."""

    class Meta:
        model = Person
        fields = ["organization", "name", "gender", "birth_date", "ethnicity", "education", "id_number", "phone",
                  "address", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3}),
            "id_number": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "maxlength": 18}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel", "maxlength": 20}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].help_text = "可不填，将按身份证号自动识别。"
        self.fields["birth_date"].help_text = "可不填，将按身份证号自动识别。"
        self._kept = {}
        if self.instance.pk:
            for name, masked in (("id_number", self.instance.id_number_masked), ("phone", self.instance.phone_masked)):
                self._kept[name] = getattr(self.instance, name)
                self.initial[name] = ""
                if masked:
                    self.fields[name].widget.attrs["placeholder"] = f"{masked}（留空表示不修改）"

    def clean_id_number(self):
        return self.cleaned_data.get("id_number") or self._kept.get("id_number", "")

    def clean_phone(self):
        return self.cleaned_data.get("phone") or self._kept.get("phone", "")
