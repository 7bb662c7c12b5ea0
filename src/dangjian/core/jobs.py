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
    from importlib import import_module

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("dangjian."):
            try:
                import_module(f"{config.name}.reminders")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.reminders":
                    raise
    total = 0
    for label, func in _JOBS:
        created = func(today)
        out(f"{label}：新建 {created} 条通知")
        total += created
    return total
