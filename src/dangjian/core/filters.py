"""Base filter set: choices of scoped models are limited to what the user may see (an organization is picked
by searching, its options loaded on demand: core.pickers.remote), and every yes/no filter offers 全部/是/否
with 全部 first (django-filter's own reads 未知/是/否, as if unknown were a value)."""

import django_filters
from django import forms

from .forms import style_fields


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter's choices: 全部 (no filtering, the default), 是, 否."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))

    def value_from_datadict(self, data, files, name):
        value = data.get(name)  # what the widget does not know goes to the field, which refuses it
        return {"true": True, "True": True, "false": False, "False": False}.get(value, value)

    def format_value(self, value):
        value = super().format_value(value)  # "true", "false" or "unknown", as a string: a list is compared
        return ["" if value == "unknown" else value]  # exactly ("" is in every string)


class AllYesNoField(forms.NullBooleanField):
    """全部 (empty), 是 or 否 — and nothing else: `?demo_site=yes` is refused (400 in the API, the form's error on
    a page) instead of being read as 全部, which would quietly answer with everything."""

    def to_python(self, value):
        if value in (None, "", "unknown"):
            return None
        if value is True or value is False:
            return value
        raise forms.ValidationError("请选择“是”或“否”（true / false），或不填表示全部。", code="invalid")

    def validate(self, value):
        pass


class ScopedFilterSet(django_filters.FilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        for flt in self.filters.values():
            qs = getattr(flt, "queryset", None)
            if qs is not None and hasattr(qs, "visible_to") and not callable(qs):
                # A choice among every row the user sees (no narrowing of the filter's own) is what the picker
                # endpoints answer, so its options can load on demand (core.pickers.remote).
                flt.remote = not qs.query.where
                flt.queryset = qs.visible_to(user)
            if isinstance(flt, django_filters.BooleanFilter) and "widget" not in flt.extra:
                flt.extra["widget"] = AllYesNoSelect
                flt.field_class = AllYesNoField

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            from .pickers import remote

            for name, flt in self.filters.items():
                if getattr(flt, "remote", False) and name in form.fields:
                    remote(form.fields[name])
            style_fields(form)
            form._styled = True
        return form
