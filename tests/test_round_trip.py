"""Every edit form survives an unchanged save, as a browser sends it, for every persona that may edit.

For each registered edit page (a generic edit view about one object) and each persona with a row it
may edit: open the form, read it as a browser would (testing/browser_form.py: checked boxes,
selected options, textareas; a value an input cannot show goes back empty), post it back unchanged,
and require that the save succeeds and changes nothing — no field, no relation, no history entry.
"""

import pytest
from auditlog.models import LogEntry
from django.forms.models import model_to_dict
from django.urls import resolve

from dangjian.core import reach
from dangjian.core.pages import PAGES
from dangjian.core.views import ObjectEditView
from dangjian.testing import world
from dangjian.testing.browser_form import main_form
from dangjian.testing.personas import PERSONAS


def _is_edit_page(page) -> bool:
    if page.api or page.model is None or not page.get:
        return False
    obj = _any(page)
    view = getattr(resolve(page.url_for(obj)).func, "view_class", object) if obj is not None else object
    # A form about this very object (not a page that adds a room to a position, keyed by the position).
    return issubclass(view, ObjectEditView) and view.model is page.model


def _any(page):
    return page.sample_from(page.model.objects.all())


def _state(obj):
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    data = model_to_dict(fresh)
    for field in fresh._meta.many_to_many:
        data[field.name] = sorted(v.pk for v in getattr(fresh, field.name).all())
    return data


def _editable_sample(page, user):
    qs = page.model.objects.editable_by(user)
    lookup = reach.home_lookup(page.model)
    near = page.sample_from(qs.filter(**{f"{lookup}__startswith": world.community("a").path})) if lookup else None
    return near or page.sample_from(qs)



def edit_pages():
    return [p for p in PAGES if p.model is not None and p.get and not p.api and p.writes]


@pytest.mark.parametrize("page", edit_pages(), ids=lambda p: f"{p.url_name}:{p.label}")
def test_an_unchanged_save_changes_nothing(login, page):
    if not _is_edit_page(page):
        pytest.skip("not a form about one object (a split, a check-in, a delete)")
    problems, tried = [], 0
    for persona, username in PERSONAS.items():
        user = world.user(username)
        obj = _editable_sample(page, user)
        if obj is None:
            continue
        client = login(persona)
        url = page.url_for(obj)
        response = client.get(url)
        if response.status_code != 200:
            problems.append((persona, url, f"GET answered {response.status_code} though editable_by allows it"))
            continue
        form = main_form(response.content.decode(), url)
        if form is None:
            problems.append((persona, url, "no form to post"))
            continue
        tried += 1
        before, entries = _state(obj), LogEntry.objects.get_for_object(obj).count()
        posted = client.post(form.action or url, form.data())
        if posted.status_code != 302:
            context = posted.context or {}
            errors = context["form"].errors if "form" in context else posted.status_code
            problems.append((persona, url, f"not saved: {errors}"))
            continue
        after = _state(obj)
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed or LogEntry.objects.get_for_object(obj).count() != entries:
            problems.append((persona, url, f"an unchanged save changed {changed or 'the history'}"))
    if not tried and not problems:
        pytest.skip("no persona may edit a row of this page in the seeded world")
    assert problems == []
