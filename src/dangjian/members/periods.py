"""Calendar periods (month, quarter, year) used by compliance tables and reminders."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .choices import Period


@dataclass(frozen=True)
class Span:
    period: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.period == Period.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.period == Period.QUARTER:
            return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"
        return f"{self.start.year}年"

    @property
    def key(self) -> str:
        return f"{self.period}:{self.start:%Y-%m}"

    def ended(self, today: date) -> bool:
        return self.end < today


def span_of(period: str, day: date) -> Span:
    if period == Period.MONTH:
        first = day.replace(day=1)
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    elif period == Period.QUARTER:
        start_month = (day.month - 1) // 3 * 3 + 1
        first = date(day.year, start_month, 1)
        last = date(day.year, start_month + 2, calendar.monthrange(day.year, start_month + 2)[1])
    else:
        first, last = date(day.year, 1, 1), date(day.year, 12, 31)
    return Span(period, first, last)


def previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)
