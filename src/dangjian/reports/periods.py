"""Period parameters for figures: a year by default, or an explicit start and end date."""

from datetime import date, timedelta

from django.utils import timezone

from dangjian.core.params import year_param

PERIOD_MESSAGE = "日期填写有误（应为 2000—2100 年间的“年-月-日”，且结束不早于开始），已按全年统计。"


def period_params(params, request=None) -> tuple[date, date]:
    """`start`/`end` (ISO dates in 2000–2100, end not before start) or the `year`'s whole span.

    A bad value falls back to the whole year; given the request, the page says so in a message
    rather than silently showing other dates than the ones asked for.
    """
    year = year_param(params.get("year"))
    start, end = date(year, 1, 1), date(year, 12, 31)
    try:
        if params.get("start"):
            start = date.fromisoformat(params["start"])
        if params.get("end"):
            end = date.fromisoformat(params["end"])
        ok = start <= end and 2000 <= start.year <= 2100 and 2000 <= end.year <= 2100
    except ValueError:
        ok = False
    bad_year = params.get("year") not in (None, "") and str(year) != str(params.get("year")).strip()
    if not ok or bad_year:
        if request is not None:
            from django.contrib import messages

            messages.warning(request, PERIOD_MESSAGE)
        return date(year, 1, 1), date(year, 12, 31)
    return start, end


def report_year(raw=None) -> int:
    """The year a report page opens on: the one asked for, else the year of a month ago — in January a
    committee writes up the year just ended, and this year holds a few days of records at most."""
    if raw not in (None, ""):
        return year_param(raw)
    return (timezone.localdate() - timedelta(days=31)).year
