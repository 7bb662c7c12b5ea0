"""数据看板 pages: the same board for the desk (charts with tables) and for a meeting-room screen."""

from django.shortcuts import render
from django.utils import timezone

from dangjian.core.dbrouter import replica_reads
from dangjian.core.params import year_param
from dangjian.core.views import staff_only
from dangjian.orgs.params import chosen_org, org_choices

from .. import dashboard as board

SCREEN_REFRESH_SECONDS = 300


def _context(request) -> dict:
    within = chosen_org(request)  # out of the user's scope → 404, as on the ledger page
    year = year_param(request.GET.get("year"))
    this_year = timezone.localdate().year
    years = sorted({*range(this_year - 4, this_year + 1), year}, reverse=True)
    data = board.build(request.user, within, year)
    return {"board": data, "chart": data.chart_data(), "within": within, "year": year, "years": years,
            "orgs": org_choices(request), "refresh": SCREEN_REFRESH_SECONDS}


# Members, volunteers and residents act only for themselves: a board of others' work is not theirs (404).
@staff_only
@replica_reads
def dashboard(request):
    return render(request, "reports/dashboard.html", _context(request))


@staff_only
@replica_reads
def dashboard_screen(request):
    return render(request, "reports/dashboard_screen.html", _context(request))
