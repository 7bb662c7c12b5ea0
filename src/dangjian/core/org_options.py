"""Organization options on demand: the searchable picker of organization filters asks here as a person types.

A district holds 850 and more organizations; rendering each as an `<option>` on every list page cost more than
the list. The filter renders only the chosen organization (`core.widgets.RemoteSelect`) and Tom Select asks
this endpoint (`static/dangjian/pickers.js`) for the rest: organizations the user sees (`visible_to`, the one
scoping path — an organization outside it is never answered), matched by name or short name, or by the pinyin
initials or full pinyin of the name ("dfsq" finds 东风社区党委). The submitted value stays the primary key.
"""

import unicodedata

from django.db.models import Count, Q
from django.http import JsonResponse

from .pickers import _initials
from .tree import STEPLEN

LIMIT = 30  # options per answer: enough to pick from, and a prompt to type more


def _pinyin(name: str) -> tuple[str, str]:
    initials, _, full = _initials(name).partition(" ")
    return initials, full


def search(visible, text: str) -> tuple[list[tuple[int, str, str]], bool]:
    """([(pk, name, path)] matching `text`, in tree order, at most LIMIT; whether more matched)."""
    from dangjian.people.pinyin import is_pinyin_query

    text = unicodedata.normalize("NFKC", text or "").strip()
    rows = visible.order_by("path").values_list("pk", "name", "path")
    if not text:
        found = list(rows[: LIMIT + 1])
    elif is_pinyin_query(text.replace(" ", "")):
        # Pinyin is computed, not stored: the user's organizations (a district's 850) are read as three short
        # columns and matched here, each name's pinyin cached for the process (core.pickers._initials).
        low = text.replace(" ", "").lower()
        found, prefix = [], []
        for pk, name, path in rows:
            initials, full = _pinyin(name)
            if initials.startswith(low) or full.startswith(low):
                prefix.append((pk, name, path))
            elif low in initials or low in full or low in name.lower():
                found.append((pk, name, path))
        found = prefix + found  # "dfsq" lists 东风社区… before …第四社区
    else:
        found = list(rows.filter(Q(name__icontains=text) | Q(short_name__icontains=text))[: LIMIT + 1])
    return found[:LIMIT], len(found) > LIMIT


def labels(visible, rows) -> dict[int, str]:
    """{pk: label}: the name, and the parent's name where the user sees several organizations of that name
    (every community has a 第一党支部) — two queries at most, whatever the number of rows."""
    rows = list(rows)
    names = {name for _, name, _ in rows}
    if not names:
        return {}
    repeated = set(visible.filter(name__in=names).order_by().values("name").annotate(n=Count("pk"))
                   .filter(n__gt=1).values_list("name", flat=True))
    parents = {}
    wanted = {path[:-STEPLEN] for _, name, path in rows if name in repeated and len(path) > STEPLEN}
    if wanted:
        model = visible.model
        parents = dict(model.objects.filter(path__in=wanted).values_list("path", "name"))
    result = {}
    for pk, name, path in rows:
        parent = parents.get(path[:-STEPLEN], "") if name in repeated else ""
        result[pk] = f"{name}（{parent}）" if parent else name
    return result


def chosen_labels(visible, values) -> list[tuple[int, str]]:
    """[(pk, label)] of the chosen organizations among `visible` (what a filter renders server-side)."""
    pks = [int(v) for v in values if str(v).isdigit()]
    if not pks:
        return []
    rows = list(visible.filter(pk__in=pks).order_by("path").values_list("pk", "name", "path"))
    named = labels(visible, rows)
    return [(pk, named[pk]) for pk, _, _ in rows]


def organization_options(request):
    """`?q=` → {"results": [{"value": pk, "text": label}], "more": bool} — only organizations the user sees.

    A signed-in user outside every subtree gets an empty list; anonymous users are sent to sign in by
    LoginRequiredMiddleware like everywhere."""
    from dangjian.orgs.models import Organization

    visible = Organization.objects.visible_to(request.user)
    rows, more = search(visible, request.GET.get("q", "")[:50])
    named = labels(visible, rows)
    return JsonResponse({"results": [{"value": pk, "text": named[pk]} for pk, _, _ in rows], "more": more},
                        json_dumps_params={"ensure_ascii": False})
