"""Reading numbers from query strings without letting odd input reach the database as a 500."""

import re

from django.utils import timezone

_INT = re.compile(r"[0-9]{1,12}")


def int_param(raw, default=None):
    """An ASCII whole number, or `default` ("²", "1e3", "-1" and "" are not numbers here)."""
    raw = (raw or "").strip()
    return int(raw) if _INT.fullmatch(raw) else default


def month_param(raw):
    """The first day of a "YYYY-MM" month in 2000–2100, or of this month."""
    from datetime import date

    try:
        year, month = (int(x) for x in (raw or "").split("-"))
        if 2000 <= year <= 2100:
            return date(year, month, 1)
    except ValueError:
        pass
    return timezone.localdate().replace(day=1)


def year_param(raw) -> int:
    """A plausible year (2000–2100); anything else means this year."""
    year = int_param(raw)
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year
