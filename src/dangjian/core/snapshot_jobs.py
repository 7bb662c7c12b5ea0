"""The stored figures' jobs on the queue: recompute what is stale, drop what nobody will read again."""

from django.utils import timezone

from .queue import background, periodic
from .snapshots import clean, refresh


@background
def refresh_stale() -> int:
    return refresh()


@periodic("指标快照更新", every=1)
def refresh_every_minute(day) -> str:
    return f"更新 {refresh()} 个指标快照"


@periodic("指标快照清理", every="daily")
def clean_daily(day) -> str:
    return f"删除 {clean(timezone.localdate())} 个过期的指标快照"


@periodic("指标快照预先统计", every="daily")
def warm(day) -> str:
    """Count in the night what the committee's pages will ask in the day, so no page view counts from the
    records: each street's annual report (its figures and imbalance analysis), each district's comparison of
    its streets' units, and each dashboard's figures for the year so far."""
    from datetime import date

    from dangjian.assessment.scores.analysis import analyse
    from dangjian.orgs.choices import OrgKind
    from dangjian.orgs.models import Organization
    from dangjian.reports import dashboard
    from dangjian.reports.composer import NothingToReport, compose
    from dangjian.reports.models import AnnualReport

    from . import metrics

    year, system = day.year, metrics.Scope()
    start, end = date(year, 1, 1), date(year, 12, 31)
    top = list(Organization.objects.filter(depth=1))
    streets = list(Organization.objects.filter(kind=OrgKind.STREET_COMMITTEE))
    for root in top:
        analyse(system, root, start, end)
    saved = {r.organization_id: r for r in AnnualReport.objects.filter(year=year, organization__in=streets)}
    for street in streets:
        try:  # with its saved date, which ends the period the page will count
            compose(street, year, scope=system, report=saved.get(street.pk), today=day)
        except NothingToReport:
            pass  # nothing recorded this year: the page says so and counts nothing more
    so_far = dashboard.period(year, day)
    boards = top + streets + list(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE))
    for org in boards:
        children = list(Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1))
        dashboard.stored_figures(system, org, children, year, *so_far)
    return f"预先统计 {len(streets)} 个街道的年度报告和 {len(boards)} 个看板"
