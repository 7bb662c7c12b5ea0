"""Daily jobs (`dangjian remind`). Apps register functions; each must be safe to run twice a day."""

from collections.abc import Callable
from datetime import date

_JOBS: list[tuple[str, Callable[[date], int]]] = []


def daily_job(label: str):
    def wrap(func):
        if func.__qualname__ not in {f.__qualname__ for _, f in _JOBS}:
            _JOBS.append((label, func))
        return func

    return wrap


def run_all(today: date, out=print) -> int:
    from .discovery import import_app_modules

    import_app_modules("reminders")
    total = 0
    for label, func in _JOBS:
        created = func(today)
        out(f"{label}：新建 {created} 条通知")
        total += created
    return total
