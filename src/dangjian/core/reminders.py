"""Core's daily housekeeping (run with the other daily jobs, and hourly by the request middleware)."""

from .jobs import daily_job


@daily_job("清理过期的待确认导入文件")
def sweep_pending_imports(today) -> int:
    from .io import pending

    pending.sweep()
    return 0  # no notifications: the count is of files, not of people told
