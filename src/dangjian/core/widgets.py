"""Widgets every form uses: browser date/time pickers, and a search box for large scoped tables.

A browser's `<input type="date">` shows only ISO values (2026-12-25); rendered with the localized
2026/12/25 it shows nothing and sends the field back empty, so an unchanged save wiped dates. These
widgets always render ISO, and `core.forms.style_fields` puts them on every date, time and
date-time field of every form — no app declares its own.
"""

from django import forms
from django.urls import reverse


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


BROWSER_WIDGETS = [(forms.DateTimeField, forms.DateTimeInput, DateTimeInput),
                   (forms.DateField, forms.DateInput, DateInput),
                   (forms.TimeField, forms.TimeInput, TimeInput)]


def browser_widget(field):
    """The browser picker for a date, time or date-time field (keeping its attributes), else None."""
    for field_class, widget_class, picker in BROWSER_WIDGETS:
        if isinstance(field, field_class) and isinstance(field.widget, widget_class | forms.TextInput):
            if isinstance(field.widget, picker):
                return None
            attrs = {k: v for k, v in field.widget.attrs.items() if k != "type"}
            return picker(attrs)
    return None


class LookupSelect(forms.Select):
    template_name = "core/widgets/lookup_select.html"

    def __init__(self, lookup_url_name: str, attrs=None):
        super().__init__(attrs)
        self.lookup_url_name = lookup_url_name

    def optgroups(self, name, value, attrs=None):
        # Only the selected row is rendered; the rest come from the lookup URL.
        return []

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        ctx["widget"]["lookup_url"] = reverse(self.lookup_url_name)
        label = ""
        if value not in (None, ""):
            queryset = getattr(self.choices, "queryset", None)
            obj = queryset.filter(pk=value).first() if queryset is not None else None
            label = str(obj) if obj else ""
        ctx["widget"]["selected_label"] = label
        ctx["widget"]["selected_value"] = "" if value is None else value
        return ctx


class RemoteSelect(forms.Select):
    """A select whose options come from `url` as the person types (Tom Select's `load`, static/dangjian/pickers.js).

    Only the empty choice and the chosen one are rendered, so a district's 850 organizations are not sent (nor
    drawn through widget templates) with every list page. `chosen(queryset, values)` names the chosen rows
    among the field's queryset. The submitted value is the row's primary key, as with the full select."""

    def __init__(self, url: str, chosen, attrs=None):
        super().__init__({**(attrs or {}), "data-picker": "remote", "data-url": url})
        self.chosen = chosen

    def optgroups(self, name, value, attrs=None):
        everything = self.choices
        field = getattr(everything, "field", None)
        queryset = getattr(everything, "queryset", None)
        empty = getattr(field, "empty_label", None)
        small = [("", empty)] if empty is not None else []
        wanted = [v for v in value if v not in ("", None)]
        if wanted and queryset is not None:
            small += self.chosen(queryset, wanted)
        self.choices = small
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything
