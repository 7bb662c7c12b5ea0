from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.core.io.xlsx import xlsx_response
from dangjian.core.params import year_param
from dangjian.orgs.params import chosen_org, org_choices

from .. import ledger
from ..choices import Category
from ..excel import ledger_workbook
from ..states import PROBLEM_STATES, TASK_STATES


def _links(row, year, category):
    """Click-through URLs for every figure of a ledger row (the same conditions as the counts)."""
    base = {"year": year, **({"category": category} if category else {})}
    scope = {"org": row.org["id"]} if row.own_only else {"within": row.org["id"]}
    task_url = reverse("ledgers:task_list")
    problem_url = reverse("ledgers:problem_list")
    row.task_links = {k: f"{task_url}?{urlencode({**base, **scope, 'leaf': 'true', 'state': k})}" for k in TASK_STATES}
    row.task_links["all"] = f"{task_url}?{urlencode({**base, **scope, 'leaf': 'true'})}"
    row.problem_links = {k: f"{problem_url}?{urlencode({**base, **scope, 'state': k})}" for k in PROBLEM_STATES}
    row.problem_links["all"] = f"{problem_url}?{urlencode({**base, **scope})}"


def ledger_view(request):
    within = chosen_org(request)
    year = year_param(request.GET.get("year"))
    category = request.GET.get("category") if request.GET.get("category") in Category.values else None
    rows, total = ledger.committee_ledger(request.user, within, year, category)
    for row in rows:
        _links(row, year, category)
    _links(total, year, category)
    total.own_only = False
    if request.GET.get("format") == "xlsx":
        wb = ledger_workbook(within, year, category, rows, total)
        return xlsx_response(wb, f"{year}年{within.name}三张清单台账.xlsx")
    return render(request, "ledgers/ledger.html", {
        "within": within, "year": year, "category": category, "rows": rows, "total": total,
        "orgs": org_choices(request), "categories": Category.choices, "task_states": TASK_STATES,
        "problem_states": PROBLEM_STATES, "today": timezone.localdate(),
    })
