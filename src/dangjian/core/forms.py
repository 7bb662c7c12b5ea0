"""Bootstrap classes on every form widget, so templates stay plain loops over fields."""

from django import forms


def style_fields(form) -> None:
    """Bootstrap classes on every widget, the browser's own pickers on date and time fields, and
    option labels and search on long selects (`core.pickers`)."""
    from .pickers import label_choices, searchable
    from .widgets import browser_widget

    for field in form.fields.values():
        picker = browser_widget(field)
        if picker is not None:
            field.widget = picker
        label_choices(field)
        searchable(field)
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        if css not in existing:
            widget.attrs["class"] = f"{existing} {css}".strip()


class Form(forms.Form):
    """Every form of the platform: styled, with the browser's own date and time pickers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ModelForm(forms.ModelForm):
    """Every model form that is not scoped (see core.views.ScopedModelForm): styled likewise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one field; each becomes (or reuses) an `Evidence`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def store_evidence(files, organization, user):
    """Save uploads as Evidence (ValidationError with a Chinese message on a bad file)."""
    from .models import Evidence

    return [Evidence.store(f, organization, user) for f in files]
