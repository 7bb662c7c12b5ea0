"""Calendar arithmetic the rules count in: months and years from a day, the first and last of a month.

Party rules count in months ("within three months", "a year's probation", "a term of three years"): a day
without its counterpart moves to the month's last day (31 March + 1 month = 30 April; 29 February + 1 year =
28 February), so a deadline never slips into the next month.
"""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the month's last day where it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def first_of(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
