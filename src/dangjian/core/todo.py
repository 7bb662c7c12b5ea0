"""我的待办: what waits for this person, declared once per kind of work.

Each app declares its items in its `todo.py`: a label, the roles it concerns, and a function from a
user to the queryset of rows waiting for them (built from the models' reach and the actions' `may_…`
rules). The landing page counts those rows and links to `/todo/<key>/`, which lists the very same
queryset — so a count can never disagree with the list behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .roles import SELF_ROLES, Role

_ITEMS: dict[str, "Todo"] = {}
_loaded = False


@dataclass(frozen=True)
class Todo:
    key: str
    label: str  # what waits, as a short noun phrase: 待验收的问题
    rows: Callable  # user -> queryset of the rows waiting for this user
    roles: frozenset = frozenset(Role) - SELF_ROLES  # who may have this item
    order: int = 100
    hint: str = ""  # one line under the list: what to do with these rows
    columns: tuple = ()  # (label, accessor) shown in the list; default: the row itself
    link: Callable | None = None  # row -> where to act on it (default: the row's own page)


def todo(key, label, roles=None, order=100, hint="", columns=(), link=None):
    """Decorator: register the function (user -> queryset) as a kind of waiting work."""

    def wrap(func):
        register(Todo(key, label, func, frozenset(roles) if roles else Todo.roles, order, hint, tuple(columns),
                      link))
        return func

    return wrap


def register(item: Todo) -> Todo:
    _ITEMS[item.key] = item
    return item


def _load():
    global _loaded
    if not _loaded:
        from . import longjob_todo  # noqa: F401  (core's own items: files of long jobs to download)
        from .discovery import import_app_modules

        import_app_modules("todo")
        _loaded = True


def get(key: str) -> Todo:
    _load()
    return _ITEMS[key]


def items_for(user) -> list[Todo]:
    """The kinds of work this user's roles can have waiting, in order."""
    from .scope import grants, is_unrestricted

    _load()
    held = {g.role for g in grants(user)}
    return sorted((i for i in _ITEMS.values() if is_unrestricted(user) or held & i.roles),
                  key=lambda i: (i.order, i.key))


def counted(user) -> list[tuple[Todo, int]]:
    """(item, count) for every kind of work the user can have, counted in one SELECT of subqueries."""
    from django.contrib.auth import get_user_model
    from django.db.models import F, Func, IntegerField, Subquery

    items = items_for(user)
    if not items:
        return []
    counts = {}
    for i, item in enumerate(items):
        rows = item.rows(user).model._default_manager.filter(pk__in=item.rows(user).values("pk")).order_by()
        total = Func(F("pk"), function="COUNT", output_field=IntegerField())
        counts[f"c{i}"] = Subquery(rows.annotate(_n=total).values("_n")[:1])
    row = get_user_model().objects.filter(pk=user.pk).values(**counts).first() or {}
    return [(item, row.get(f"c{i}") or 0) for i, item in enumerate(items)]


def todo_list(request, key):
    """The rows behind one to-do count: the same queryset the count was taken from."""
    from django.core.paginator import Paginator
    from django.http import Http404
    from django.shortcuts import render

    from .views import require_staff

    require_staff(request.user)
    try:
        item = get(key)
    except KeyError:
        raise Http404 from None
    if item not in items_for(request.user):
        raise Http404
    rows = item.rows(request.user)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    links = [(row, item.link(row) if item.link else row.get_absolute_url()) for row in page.object_list]
    return render(request, "core/todo_list.html", {
        "item": item, "page_obj": page, "object_list": page.object_list, "rows": links, "paginator": page.paginator,
        "is_paginated": page.has_other_pages(), "columns": item.columns, "query_without_page": ""})
