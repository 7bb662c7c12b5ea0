"""A search box that picks one row of a large scoped table (people run to thousands per street).

Renders a hidden input with the id and a text box; typing queries a lookup URL that answers
HTML options through the same `visible_to` scoping as every other view.
"""

from django import forms
from django.urls import reverse


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
