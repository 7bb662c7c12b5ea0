"""Base filter set: choices of scoped models are limited to what the user may see, and every yes/no
filter offers 全部/是/否 with 全部 first (django-filter's own reads 未知/是/否, as if unknown were a value)."""

import django_filters
from django import forms

from .forms import style_fields


class AllYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter's choices: 全部 (no filtering, the default), 是, 否."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "全部"), ("true", "是"), ("false", "否"))

    def format_value(self, value):
        value = super().format_value(value)  # "true", "false" or "unknown", as a string: a list is compared
        return ["" if value == "unknown" else value]  # exactly ("" is in every string)


class ScopedFilterSet(django_filters.FilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        for flt in self.filters.values():
            qs = getattr(flt, "queryset", None)
            if qs is not None and hasattr(qs, "visible_to") and not callable(qs):
                flt.queryset = qs.visible_to(user)
            if isinstance(flt, django_filters.BooleanFilter) and "widget" not in flt.extra:
                flt.extra["widget"] = AllYesNoSelect

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            style_fields(form)
            form._styled = True
        return form
