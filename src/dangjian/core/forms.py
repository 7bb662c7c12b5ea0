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


class KeepsUnchangedTimes:
    """A browser's date-time and time pickers work to the minute: a stored 09:00:37 comes back as 09:00,
    and an unchanged save would change the row (and write a history entry showing no difference). A field
    the person did not change keeps its stored value exactly."""

    def _post_clean(self):
        for name, field in self.fields.items():
            if not isinstance(field, forms.DateTimeField | forms.TimeField) or name not in self.cleaned_data:
                continue
            stored = self.initial.get(name)  # as stored, seconds and microseconds too
            if stored is None or field.disabled:
                continue
            shown = field.widget.format_value(field.prepare_value(stored))  # what the browser was given
            try:
                unchanged = shown and field.to_python(shown) == self.cleaned_data[name]
            except forms.ValidationError:
                unchanged = False
            if unchanged:
                self.cleaned_data[name] = stored
        super()._post_clean()


class ModelForm(KeepsUnchangedTimes, forms.ModelForm):
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
