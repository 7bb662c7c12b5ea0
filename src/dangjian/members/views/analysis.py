"""Compliance table, training mix and committee profile: figures derived from records, by org."""

from datetime import date

from django.shortcuts import render
from django.utils import timezone

from dangjian.core.params import month_param, year_param
from dangjian.orgs.params import chosen_org, org_choices

from .. import compliance, stats
from ..compliance import OVERDUE


def _month(request) -> date:
    return month_param(request.GET.get("month"))


def compliance_view(request):
    within = chosen_org(request)
    month = _month(request)
    today = timezone.localdate()
    reqs, spans, rows = compliance.table(request.user, within, month, today)
    groups, totals = compliance.rollup(request.user, within, rows, reqs)
    return render(request, "members/compliance.html", {
        "within": within, "month": month, "reqs": reqs, "spans": [spans[r.kind] for r in reqs], "rows": rows,
        "groups": groups, "totals": [totals.get(r.kind, 0) for r in reqs], "overdue": OVERDUE,
        "orgs": org_choices(request), "overdue_branches": sum(1 for r in rows if r.overdue),
    })


def training_stats(request):
    within = chosen_org(request)
    year = year_param(request.GET.get("year"))
    share = stats.training_share(request.user, within, date(year, 1, 1), date(year, 12, 31))
    chart = [[r["label"], float(r["hours"])] for r in share["rows"] if r["hours"]]
    return render(request, "members/training_stats.html", {"within": within, "year": year, "share": share,
                                                            "chart": chart, "orgs": org_choices(request)})


def committee_profile(request):
    within = chosen_org(request)
    profile = stats.committee_profile(request.user, within)
    return render(request, "members/committee_profile.html", {"within": within, "profile": profile,
                                                               "orgs": org_choices(request)})
