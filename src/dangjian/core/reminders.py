"""Core's housekeeping on the queue: expired checked rosters every hour; daily, the audit trail past retention and
the periodic jobs' own run records past a month (a job run every minute leaves 1,440 a day)."""

from datetime import timedelta

from django.utils import timezone

from .jobs import daily_job
from .periodic import JobRun
from .queue import periodic

KEEP_RUNS_DAYS = 30


@periodic("清理过期的待确认导入文件", "hourly")
def sweep_pending_imports(today) -> str:
    from .io import pending

    return f"删除 {pending.sweep()} 个过期文件"  # files, not people told: no notification count


@daily_job("清理超过保存期限的审计日志")
def purge_audit_trail(today) -> str:
    from .trail import purge

    return f"删除 {purge()} 条审计日志"  # the job's own event in the chain says what it removed


@daily_job("清理定时任务运行记录")
def prune_job_runs(today) -> str:
    removed, _ = JobRun.objects.filter(started__lt=timezone.now() - timedelta(days=KEEP_RUNS_DAYS)).delete()
    return f"删除 {removed} 条运行记录"
