"""Pickers that scale: option labels people can tell apart, and search-as-you-type on long lists.

A committee task split to nine communities is nine tasks of the same title, and two residents may share
a name: an option of a person or a task names its organization ("王建华（东风社区党委）"), an account
names its person, an organization names its parent where two share a name. A `<select>` of more than
`SEARCH_ABOVE` options is marked `data-picker` and each option carries the pinyin initials of its name
(`data-initials`), so `static/dangjian/pickers.js` turns it into a Tom Select that finds 王建华 by
"wjh". The options and the submitted values are the browser's own: only the way of choosing changes.

`core.forms.style_fields` applies both to every form and filter form; nothing is declared per app.

A filter's choice among every organization the user sees goes further (`remote`): a district's 850 would be
850 options on every list page, so only the chosen one is rendered and Tom Select loads the rest from
`core/org_options.py` as the person types (by name or pinyin initials) — the submitted value is still the pk.
"""

from functools import lru_cache

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator

SEARCH_ABOVE = 30  # up to this many options a native select is quicker than typing


def _model_key(model) -> str:
    return model._meta.label


def _related_for(model) -> tuple[str, ...]:
    """What an option's label reads, loaded with the options (never a query per option)."""
    return {"people.Person": ("organization",), "ledgers.Task": ("organization",),
            settings.AUTH_USER_MODEL: ("person",)}.get(_model_key(model), ())


def name_for(obj) -> str:
    """The name a person types to find an option: a person's or account's name, a task's title."""
    from .history import name_of

    key = _model_key(type(obj))
    if key == settings.AUTH_USER_MODEL:
        return name_of(obj)
    if key == "people.Person":
        return obj.name
    if key == "ledgers.Task":
        return obj.title
    return str(obj)


def option_label(obj, parent_name: str = "") -> str:
    """An option's label: the name, with the organization where the same name may stand for several."""
    key = _model_key(type(obj))
    if key in ("people.Person", "ledgers.Task"):
        org = obj.organization if obj.organization_id else None
        label = f"{name_for(obj)}（{org.name}）" if org else name_for(obj)
        return f"{obj.year}年 · {label}" if key == "ledgers.Task" else label  # tasks of two years side by side
    if key == "orgs.Organization" and parent_name:
        return f"{obj.name}（{parent_name}）"
    return name_for(obj)


def labelled(model) -> bool:
    return _model_key(model) in ("people.Person", "ledgers.Task", "orgs.Organization", settings.AUTH_USER_MODEL)


class LabelledChoices(ModelChoiceIterator):
    """Options with `option_label`, their related rows joined; organizations sharing a name get their
    parent's name (one query, only when two do)."""

    def __init__(self, field):
        super().__init__(field)
        related = _related_for(self.queryset.model)
        if related and self.queryset._fields is None:
            self.queryset = self.queryset.select_related(*related)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objs = list(self.queryset)
        parents = {}
        if objs and _model_key(type(objs[0])) == "orgs.Organization":
            parents = _parents_of_repeated(objs)
        for obj in objs:
            value, label = self.choice(obj)
            yield (value, option_label(obj, parents[obj.pk]) if obj.pk in parents else label)


def _parents_of_repeated(orgs) -> dict:
    from collections import Counter

    from .tree import STEPLEN

    counts = Counter(o.name for o in orgs)
    repeated = [o for o in orgs if counts[o.name] > 1 and o.depth > 1]
    if not repeated:
        return {}
    model = type(repeated[0])
    names = dict(model.objects.filter(path__in={o.path[:-STEPLEN] for o in repeated}).values_list("path", "name"))
    return {o.pk: names.get(o.path[:-STEPLEN], "") for o in repeated}


def label_choices(field) -> None:
    """Give a model choice field the platform's option labels (unless its form chose its own)."""
    if not isinstance(field, forms.ModelChoiceField) or not labelled(field.queryset.model):
        return
    if "label_from_instance" in field.__dict__ or (
            type(field).label_from_instance is not forms.ModelChoiceField.label_from_instance):
        return  # the form labels its options itself
    field.label_from_instance = option_label
    if type(field).iterator is ModelChoiceIterator:
        field.iterator = LabelledChoices
    else:  # a filter's field keeps its own iterator (its "none" option); its rows are joined here
        related = _related_for(field.queryset.model)
        if related and field.queryset._fields is None:
            field.queryset = field.queryset.select_related(*related)
    field.widget.choices = field.choices


@lru_cache(maxsize=4096)
def _initials(name: str) -> str:
    from dangjian.people.pinyin import full_and_initials

    full, initials = full_and_initials(name)
    return f"{initials} {full}"


def initials_of(value, label) -> str:
    """What a picker searches besides the label: the pinyin initials and the full pinyin ("wjh wangjianhua"),
    a person's as stored, else those of the option's name (a task's title, an account's person)."""
    obj = getattr(value, "instance", None)
    if obj is not None and getattr(obj, "pinyin_initials", ""):
        return f"{obj.pinyin_initials} {getattr(obj, 'pinyin', '')}".strip()
    return _initials(name_for(obj) if obj is not None else str(label))


class SearchableMixin:
    """More than `SEARCH_ABOVE` options: marked for Tom Select, each option with its pinyin initials."""

    def get_context(self, name, value, attrs):
        ctx = super().get_context(name, value, attrs)
        options = [o for _, group, _ in ctx["widget"]["optgroups"] for o in group if o["value"] not in ("", None)]
        if len(options) > SEARCH_ABOVE:
            ctx["widget"]["attrs"]["data-picker"] = "search"
            for option in options:
                initials = initials_of(option["value"], option["label"])
                if initials:
                    option["attrs"]["data-initials"] = initials
        return ctx


class SearchableSelect(SearchableMixin, forms.Select):
    pass


class SearchableSelectMultiple(SearchableMixin, forms.SelectMultiple):
    pass


SEARCHABLE = {forms.Select: SearchableSelect, forms.SelectMultiple: SearchableSelectMultiple}

# Models whose filter choices load on demand: the endpoint (core/org_options.py) and how it names chosen rows.
REMOTE = {"orgs.Organization": ("organization_options", "dangjian.core.org_options.chosen_labels")}


def remote(field) -> None:
    """Turn a filter's choice among every visible organization into a picker that loads its options from the
    endpoint as the person types, rendering only the chosen one (core.widgets.RemoteSelect)."""
    from django.urls import reverse
    from django.utils.module_loading import import_string

    from .widgets import RemoteSelect

    if not isinstance(field, forms.ModelChoiceField) or isinstance(field, forms.ModelMultipleChoiceField):
        return
    known = REMOTE.get(_model_key(field.queryset.model))
    if known is None or isinstance(field.widget, RemoteSelect):
        return
    url_name, chosen = known
    field.widget = RemoteSelect(reverse(url_name), import_string(chosen), attrs=field.widget.attrs)
    field.widget.choices = field.choices


def searchable(field) -> None:
    """Swap a plain select (not yes/no, not a lookup) for its searchable twin, keeping its attributes."""
    picker = SEARCHABLE.get(type(field.widget))
    if picker is None or not isinstance(field, forms.ChoiceField):
        return
    old = field.widget
    new = picker(attrs=old.attrs)
    new.is_required, new.is_localized = old.is_required, old.is_localized
    new.choices = field.choices
    field.widget = new
