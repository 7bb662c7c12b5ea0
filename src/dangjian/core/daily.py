"""The daily jobs run themselves.

Reminders and 督办 used to exist only where someone had put `dangjian remind` in cron; a street that had
not found that line in the README had overdue problems that nobody was ever chased about. Now the first
request of each day starts the day's jobs in the background (the request does not wait), and `dangjian
remind` from cron still works: whichever comes first claims the day in `DailyRun`, so the jobs run once a
day across every worker and server. The jobs are idempotent anyway; the claim only saves the work.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import IntegrityError, close_old_connections, models, transaction
from django.utils import timezone

log = logging.getLogger(__name__)


class DailyRun(models.Model):
    day = models.DateField("日期", unique=True)
    started = models.DateTimeField("开始时间", auto_now_add=True)
    finished = models.DateTimeField("完成时间", null=True, blank=True)
    created_count = models.PositiveIntegerField("新建通知数", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "每日提醒运行记录"
        verbose_name_plural = "每日提醒运行记录"
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%Y-%m-%d}"


def claim(day) -> DailyRun | None:
    """The day's run if this caller is the first to claim it, else None."""
    try:
        with transaction.atomic():
            return DailyRun.objects.create(day=day)
    except IntegrityError:
        return None


def run(day, record: DailyRun | None = None, out=None) -> int:
    from . import jobs

    lines: list[str] = []
    try:
        total = jobs.run_all(day, out=out or lines.append)
    except Exception as exc:  # a failed job is logged and recorded; the next day tries again
        log.exception("daily jobs failed for %s", day)
        if record is not None:
            DailyRun.objects.filter(pk=record.pk).update(error=repr(exc)[:2000], finished=timezone.now())
        raise
    if record is not None:
        DailyRun.objects.filter(pk=record.pk).update(finished=timezone.now(), created_count=total)
    return total


def _in_background(day, record) -> None:
    close_old_connections()
    try:
        run(day, record)
    except Exception:  # already logged and recorded
        pass
    finally:
        close_old_connections()


_checked_for = None  # the day this process last looked at, so other requests pay nothing
_swept_hour = None  # the hour this process last removed expired pending imports


class DailyJobsMiddleware:
    """Starts the day's jobs on the first request of a day (`DANGJIAN_DAILY_JOBS`: 1 in the background,
    `inline` in the request — tests —, 0 off where cron runs `dangjian remind`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _checked_for, _swept_hour
        mode = getattr(settings, "DAILY_JOBS", "1")
        hour = int(time.time() // 3600)
        if mode != "0" and _swept_hour != hour:  # a checked roster waits an hour at most (core.io.pending)
            _swept_hour = hour
            from .io import pending

            pending.sweep()
        today = timezone.localdate()
        if mode != "0" and _checked_for != today:
            _checked_for = today
            record = claim(today)
            if record is not None:
                if mode == "inline":
                    _in_request(today, record)
                else:
                    threading.Thread(target=_in_background, args=(today, record), daemon=True,
                                     name=f"daily-jobs-{today}").start()
        return self.get_response(request)


def _in_request(day, record) -> None:
    try:
        run(day, record)
    except Exception:
        pass
