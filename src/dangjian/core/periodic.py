"""Periodic jobs, each run once per period however many workers run.

Apps register functions with `core.queue.periodic(label, every)` (the daily reminders through
`core.jobs.daily_job`). Once a minute every worker's scheduler asks `due()` what has no run yet in its current
period and enqueues it; whoever INSERTs the (job, period) row into `JobRun` first runs it, and everyone else gets
an IntegrityError and moves on — on SQLite and PostgreSQL alike, across threads, processes and servers, with
no lock server. The row then says how the run went: a Chinese message for the page, the traceback in the log.

A run that failed is tried again by the worker (`RETRY_AFTER`, at most `MAX_ATTEMPTS` in a period), and at once
by a person (`run_periodic_now`, `dangjian remind`); a run whose worker died (`STALE_AFTER`) may be taken over.
Both take-overs are conditional UPDATEs, so they too have one winner.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)

EVERY = ("minute", "hourly", "daily")  # or an int: every so many minutes, counted from local midnight
RETRY_AFTER = timedelta(minutes=10)  # the worker retries a failed run after this long…
MAX_ATTEMPTS = 3  # …up to this many attempts in one period (a person may always retry)
STALE_AFTER = timedelta(hours=2)  # a run unfinished this long lost its worker: another may take it over


class JobRun(models.Model):
    name = models.CharField("任务", max_length=200)
    label = models.CharField("名称", max_length=100)
    period = models.CharField("周期", max_length=20)
    started = models.DateTimeField("开始时间")
    finished = models.DateTimeField("完成时间", null=True, blank=True)
    ok = models.BooleanField("成功", null=True)  # None while it runs
    message = models.TextField("结果", blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=1)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"
        ordering = ["-started"]
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="core_jobrun_once_per_period")]

    def __str__(self):
        return f"{self.label} {self.period}"


@dataclass(frozen=True)
class Job:
    name: str  # module.qualname: what JobRun rows and queued runs refer to
    label: str
    every: str | int
    func: Callable

    def period(self, now: datetime, *, due_only: bool = False) -> tuple[str, date] | None:
        """The key and local day of the period `now` falls in (None for a daily job before its hour, if
        `due_only`: the worker waits for DANGJIAN_DAILY_JOBS_AT, a person need not)."""
        local = timezone.localtime(now)
        day = local.date()
        if self.every == "daily":
            if due_only and local.time() < settings.DAILY_JOBS_AT:
                return None
            return day.isoformat(), day
        if self.every == "hourly":
            return f"{day.isoformat()}T{local:%H}", day
        minutes = 1 if self.every == "minute" else self.every
        of_day = local.hour * 60 + local.minute
        start = of_day - of_day % minutes
        return f"{day.isoformat()}T{start // 60:02d}:{start % 60:02d}", day


@dataclass
class Outcome:
    job: Job
    period: str
    status: str  # ok, failed, skipped
    message: str
    created: int = 0  # notifications created (a reminder returns how many)


_JOBS: dict[str, Job] = {}
_loaded = False


def register(label: str, every: str | int, func: Callable) -> Callable:
    if not (every in EVERY or (isinstance(every, int) and not isinstance(every, bool) and 1 <= every <= 1440)):
        raise ValueError(f"every must be one of {', '.join(EVERY)} or 1..1440 minutes, got {every!r}")
    name = f"{func.__module__}.{func.__qualname__}"
    _JOBS.setdefault(name, Job(name, label, every, func))
    return func


def load() -> None:
    """Import every app's `reminders` and `tasks` modules, where periodic jobs are registered."""
    global _loaded
    if not _loaded:
        from .discovery import import_app_modules

        import_app_modules("reminders")
        import_app_modules("tasks")
        _loaded = True


def get(name: str) -> Job:
    load()
    return _JOBS[name]


def jobs(label: str | None = None, every: str | int | None = None) -> list[Job]:
    load()
    found = [j for j in _JOBS.values()
             if (label is None or label in (j.label, j.name)) and (every is None or j.every == every)]
    if label is not None and not found:
        raise LookupError(f"没有名为“{label}”的定时任务")
    return found


def _takeover(now: datetime, mode: str) -> Q:
    """Runs a claimer may take over: `auto` (the worker), `manual` (a person), `force` (a person insisting)."""
    rule = Q(finished__isnull=True, started__lte=now - STALE_AFTER)  # its worker died
    if mode == "auto":
        return rule | Q(ok=False, attempts__lt=MAX_ATTEMPTS, finished__lte=now - RETRY_AFTER)
    if mode == "manual":
        return rule | Q(ok=False)
    return rule | Q(finished__isnull=False)


def claim(job: Job, period: str, *, now: datetime | None = None, mode: str = "auto") -> JobRun | None:
    """This caller's run of `job` for `period`, or None when another worker has it or has done it."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return JobRun.objects.create(name=job.name, label=job.label, period=period, started=now)
    except IntegrityError:
        pass
    taken = (JobRun.objects.filter(_takeover(now, mode), name=job.name, period=period)
             .update(started=now, finished=None, ok=None, message="", attempts=F("attempts") + 1, label=job.label))
    return JobRun.objects.get(name=job.name, period=period) if taken else None


def run_one(job: Job, period: str, day: date, *, mode: str = "auto") -> Outcome:
    """Claim the period and run the job in it; a failure is recorded, not raised."""
    run = claim(job, period, mode=mode)
    if run is None:
        return Outcome(job, period, "skipped", _held_by(job, period))
    try:
        value = job.func(day)
    except Exception as exc:  # recorded for the page; the traceback goes to the log
        log.exception("periodic job %s failed in period %s", job.name, period)
        message = f"运行失败：{_describe(exc)}"[:2000]
        JobRun.objects.filter(pk=run.pk).update(finished=timezone.now(), ok=False, message=message)
        return Outcome(job, period, "failed", message)
    if isinstance(value, int) and not isinstance(value, bool):  # a reminder: how many notifications it created
        created, message = value, f"新建 {value} 条通知"
    else:  # anything else may say what it did, in Chinese
        created, message = 0, str(value) if value else "完成"
    JobRun.objects.filter(pk=run.pk).update(finished=timezone.now(), ok=True, message=message[:2000])
    return Outcome(job, period, "ok", message, created)


def due(now: datetime) -> list[tuple[Job, str, date]]:
    """The jobs whose current period has no run yet, or one the worker may take over (one query)."""
    load()
    wanted = {}
    for job in _JOBS.values():
        current = job.period(now, due_only=True)
        if current is not None:
            wanted[(job.name, current[0])] = (job, *current)
    if not wanted:
        return []
    held = set(JobRun.objects.filter(name__in={n for n, _ in wanted}, period__in={p for _, p in wanted})
               .exclude(_takeover(now, "auto")).values_list("name", "period"))
    return [found for key, found in wanted.items() if key not in held]


def run_due(now: datetime | None = None) -> list[Outcome]:
    """Run what is due, one after another, in this process (`dangjian worker --once`)."""
    return [run_one(job, period, day) for job, period, day in due(now or timezone.now())]


def run_now(label: str | None = None, *, every: str | int | None = None, today: date | None = None,
            force: bool = False) -> list[Outcome]:
    """Run the matching jobs for their current period (a daily job: `today`'s, whatever the hour). A run already
    done in that period is skipped unless `force`; a failed one is retried."""
    now = timezone.now()
    outcomes = []
    for job in jobs(label, every):
        period, day = (today.isoformat(), today) if today and job.every == "daily" else job.period(now)
        outcomes.append(run_one(job, period, day, mode="force" if force else "manual"))
    return outcomes


def _held_by(job: Job, period: str) -> str:
    run = JobRun.objects.filter(name=job.name, period=period).first()
    if run is None:
        return "本期已由其他进程处理"
    at = f"{timezone.localtime(run.started):%m-%d %H:%M}"
    if run.ok is None:
        return f"本期正在运行（{at} 开始）"
    if run.ok:
        return f"本期已运行（{at}）"
    return f"本期已失败 {run.attempts} 次（{at}），将自动重试"


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or type(exc).__name__
