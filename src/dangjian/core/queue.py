"""The job queue: one huey instance for all background and periodic work.

With no configuration the queue is a SQLite file in the data directory (`queue.sqlite3`), so a street's server
needs no extra process but `dangjian worker`; with `REDIS_URL` it is Redis (with priorities), which every
server behind the proxy shares. `dangjian worker` consumes it (threads) and schedules the periodic jobs;
`dangjian demo` runs one consumer inside its own process. The tests run every task inline where it is enqueued
(huey's immediate mode, switched on by the test fixtures).

    @background
    def rebuild(org_id: int, day: str): ...      # rebuild(1, "2026-05-01") runs it here and now,
    rebuild.later(1, "2026-05-01")               # .later() hands it to a worker (after the commit)

    @periodic("三张清单督办", "daily")           # "minute", "hourly", "daily" or every N minutes
    def supervise(today): ...                    # called with the local date of its period

Arguments of a background task are plain values (ints, strings, dates as ISO strings), never model instances:
a worker reads the rows again, as they are when it runs. Its return value is kept for `Result.get()` only if it
asks to (`keep_result=True`). Periodic jobs live in an app's `reminders.py` or `tasks.py` (or a module one of them
imports), which the worker imports; each runs once per period however many workers run (`core.periodic`).
"""

import functools
import threading
from datetime import date
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from huey import PriorityRedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer
from huey.registry import Registry

from . import periodic as periodic_jobs

NAME = "dangjian"


class _Registry(Registry):
    """Finds a queued task by importing its module, so a worker need not import every module that enqueues work
    before it starts (a task is registered when its module is imported)."""

    def string_to_task(self, task_str):
        if task_str not in self._registry and task_str.startswith("dangjian."):
            try:
                import_module(task_str.rsplit(".", 1)[0])
            except ImportError:
                pass  # huey's own error names the task
        return super().string_to_task(task_str)


def _build():
    immediate = settings.QUEUE_IMMEDIATE
    if settings.REDIS_URL:
        queue = PriorityRedisHuey(NAME, url=settings.REDIS_URL, immediate=immediate)
    else:
        queue = SqliteHuey(NAME, filename=str(settings.DATA_DIR / "queue.sqlite3"), immediate=immediate)
    queue._registry = _Registry()  # before any task registers
    return queue


huey = _build()


def describe() -> str:
    return "Redis" if settings.REDIS_URL else f"SQLite {settings.DATA_DIR / 'queue.sqlite3'}"


def is_immediate() -> bool:
    """True where tasks run inline when enqueued (the tests, DANGJIAN_QUEUE_IMMEDIATE=1)."""
    return huey.immediate


@huey.pre_execute()
def _fresh_connection(task):
    """A worker thread is like a request: a connection past its age or broken is replaced before each task."""
    if not huey.immediate and not connection.in_atomic_block:
        close_old_connections()


@huey.post_execute()
def _done_with_connection(task, value, exc):
    if not huey.immediate and not connection.in_atomic_block:
        close_old_connections()


# --- background tasks ------------------------------------------------------------------------------------------

_PLAIN = (str, int, float, bool, type(None))


def _check_plain(value, where: str) -> None:
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_plain(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys of a background task's dict argument must be strings")
            _check_plain(item, f"{where}[{key!r}]")
    elif not isinstance(value, _PLAIN):
        raise TypeError(f"{where} is a {type(value).__name__}: a background task takes plain values "
                        "(ints, strings, dates as ISO strings) and reads its rows again when it runs")


def _enqueue(task, args, kwargs):
    """Hand the call to a worker: after the surrounding transaction commits (a worker must see what the caller
    wrote), at once outside one. Returns huey's Result, or None when it waits for the commit."""
    _check_plain(list(args), "argument")
    _check_plain(kwargs, "keyword argument")
    if huey.immediate:  # run here; a failure is raised (huey would only log it), so a test sees it
        result = task(*args, **kwargs)
        if result is not None:
            result.get(preserve=True)
        return result
    if not connection.in_atomic_block:
        return task(*args, **kwargs)
    # robust: the caller's rows are committed by then; a queue that cannot be reached is logged, not a 500
    transaction.on_commit(lambda: task(*args, **kwargs), robust=True)
    return None


def background(func=None, *, retries: int = 0, retry_delay: int = 60, priority: int | None = None,
               keep_result: bool = False):
    """Register a module-level function as a task: `func(...)` still runs it inline, `func.later(...)` enqueues it.
    `@background` or `@background(retries=2, retry_delay=30, priority=10)` (higher runs first). Its return value
    is stored for `Result.get()` only with `keep_result=True` (a result nobody reads would stay in the queue)."""

    def wrap(func):
        run = func if keep_result else _discarding(func)
        task = huey.task(retries=retries, retry_delay=retry_delay, priority=priority, name=func.__name__)(run)
        func.task = task  # huey's TaskWrapper: .schedule(args, delay=…), .revoke()…
        func.later = lambda *args, **kwargs: _enqueue(task, args, kwargs)
        return func

    return wrap(func) if func is not None else wrap


def _discarding(func):
    @functools.wraps(func)
    def run(*args, **kwargs):
        func(*args, **kwargs)

    return run


# --- periodic jobs --------------------------------------------------------------------------------------------


def periodic(label: str, every):
    """Register `func(today)` to run once per period: every="minute", "hourly", "daily" (at
    DANGJIAN_DAILY_JOBS_AT, 01:30 by default) or an int number of minutes. `label` is its Chinese name."""

    def wrap(func):
        return periodic_jobs.register(label, every, func)

    return wrap


@background
def run_job(name: str, period: str, day: str) -> None:
    """One periodic job's run in one period: whoever claims it first (core.periodic) runs it."""
    periodic_jobs.run_one(periodic_jobs.get(name), period, date.fromisoformat(day))


@huey.periodic_task(crontab())
def tick() -> None:
    """Every minute, in every worker: enqueue each periodic job that is due. Several workers enqueue the same run;
    the claim lets one of them do it."""
    for job, period, day in periodic_jobs.due(timezone.now()):
        run_job.later(job.name, period, day.isoformat())


def run_periodic_now(label: str | None = None, *, every=None, today: date | None = None, force: bool = False):
    """Run the periodic jobs (all, or the one with this label or name; `every` picks a kind) in this process, for
    the current period (a daily job: `today`'s). What already ran in the period is skipped unless `force`; a
    failed run is retried. Returns the outcomes (core.periodic.Outcome)."""
    return periodic_jobs.run_now(label, every=every, today=today, force=force)


# --- workers --------------------------------------------------------------------------------------------------


def drain(limit: int = 100_000) -> int:
    """Run what the queue holds (and scheduled tasks now due) in this thread until it is empty; returns how many."""
    done = 0
    while done < limit:
        for task in huey.read_schedule():
            huey.enqueue(task)
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    return done


def run_once():
    """`dangjian worker --once`: the periodic jobs now due, then the queue drained. Returns (outcomes, tasks run)."""
    outcomes = periodic_jobs.run_due()
    return outcomes, drain()


class _GuestConsumer(Consumer):
    """A consumer inside another program (the demo's server): that program keeps its own signal handlers."""

    def _set_signal_handlers(self):
        pass


def consumer(workers: int = 2, *, guest: bool = False) -> Consumer:
    """A consumer with `workers` threads and the periodic scheduler; `.run()` blocks until it is stopped."""
    if huey.immediate:
        raise ImproperlyConfigured("DANGJIAN_QUEUE_IMMEDIATE=1 runs tasks where they are enqueued: no worker needed")
    periodic_jobs.load()
    cls = _GuestConsumer if guest else Consumer
    # A thread polls the SQLite queue at most every 2 s when idle (Redis answers at once).
    return cls(huey, workers=workers, worker_type="thread", periodic=True, max_delay=2.0)


def start_in_thread(workers: int = 1) -> Consumer:
    """Run a consumer in daemon threads of this process (`dangjian demo`): it stops when the process does."""
    guest = consumer(workers, guest=True)
    threading.Thread(target=guest.run, name="queue-consumer", daemon=True).start()
    return guest
