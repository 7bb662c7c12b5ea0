"""Period parameters for figures: a year by default, or an explicit start and end date."""

from datetime import date

from dangjian.core.params import year_param


def period_params(params) -> tuple[date, date]:
    """`start`/`end` (ISO dates, end not before start, same or adjacent years) or the `year`'s whole span."""
    year = year_param(params.get("year"))
    start, end = date(year, 1, 1), date(year, 12, 31)
    try:
        if params.get("start"):
            start = date.fromisoformat(params["start"])
        if params.get("end"):
            end = date.fromisoformat(params["end"])
    except ValueError:
        return date(year, 1, 1), date(year, 12, 31)
    if end < start or not (2000 <= start.year <= 2100 and 2000 <= end.year <= 2100):
        return date(year, 1, 1), date(year, 12, 31)
    return start, end
