"""The daily reminders' registration: `@daily_job(label)` on `func(today) -> int` (notifications created).

A daily job is a periodic job of the queue (`core.queue.periodic(label, "daily")`): the worker runs it once a day
at DANGJIAN_DAILY_JOBS_AT, once however many workers run, and `dangjian remind` runs them all by hand. Each must
still be safe to run twice (`remind --force`, a retry after a failure): notifications are idempotent by key.
"""

from .periodic import register


def daily_job(label: str):
    def wrap(func):
        return register(label, "daily", func)

    return wrap
