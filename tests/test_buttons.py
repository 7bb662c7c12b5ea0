"""Honest buttons: a workflow button a page shows a persona is one the server lets that persona press.

For every registered detail page, every persona, and objects of the page's model in each of their
states: render the page as that persona, and press every POST button on it the way a browser would
(the form's own fields, the button's own name and value). None may answer "not for you" (403) or
"does not exist" (404): a rule that hides a button and the rule that enforces it are one rule
(`may_<action>`), and this test holds them to it. Validation messages (a reason left empty) are fine.
"""

import pytest
from django.urls import Resolver404, resolve

from dangjian.core.pages import PAGES
from dangjian.testing import world
from dangjian.testing.browser_form import forms_in
from dangjian.testing.personas import PERSONAS

DETAIL_PAGES = [p for p in PAGES if p.model is not None and p.get and not p.api and not p.writes and not p.query]
STATE_FIELDS = ("status", "stage")
PER_PAGE = 4  # objects per page and persona: one per state, the first few states


def _samples(page, user):
    qs = page.model.objects.visible_to(user)
    if page.where is not None:
        qs = qs.filter(page.where)
    field = next((f for f in STATE_FIELDS if any(x.name == f for x in page.model._meta.fields)), None)
    if field is None:
        first = qs.order_by("pk").first()
        return [first] if first else []
    firsts = {}
    for pk, state in qs.order_by("pk").values_list("pk", field)[:2000]:
        firsts.setdefault(state, pk)
    return list(page.model.objects.filter(pk__in=list(firsts.values())[:PER_PAGE]))


def _posts_to_an_action(url: str) -> bool:
    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return False
    return match.url_name not in ("logout", "switch_role") and "lookup" not in (match.url_name or "")


@pytest.mark.parametrize("page", DETAIL_PAGES, ids=lambda p: f"{p.url_name}:{p.label}")
def test_every_button_shown_is_one_the_server_accepts(login, page):
    refused = []
    for persona, username in PERSONAS.items():
        user = world.user(username)
        client = login(persona)
        for obj in _samples(page, user):
            url = page.url_for(obj)
            response = client.get(url)
            if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
                continue  # out of sight, or a file download
            for form in forms_in(response.content.decode()):
                action = form.action or url
                if form.method != "post" or not _posts_to_an_action(action):
                    continue
                for button in form.buttons or [None]:
                    answer = client.post(action, form.data(button))
                    if answer.status_code in (403, 404):
                        label = (button or {}).get("text", "").strip()
                        refused.append((persona, url, action, label, answer.status_code))
                    break  # one press per form: the state has moved on after it
    assert refused == []
