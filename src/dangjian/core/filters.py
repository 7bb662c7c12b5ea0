"""Base filter set: choices of scoped models are limited to what the user may see."""

import django_filters

from .forms import style_fields


class ScopedFilterSet(django_filters.FilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        for flt in self.filters.values():
            qs = getattr(flt, "queryset", None)
            if qs is not None and hasattr(qs, "visible_to") and not callable(qs):
                flt.queryset = qs.visible_to(user)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            style_fields(form)
            form._styled = True
        return form
