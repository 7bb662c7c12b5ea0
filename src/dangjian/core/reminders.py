"""Core's daily housekeeping (run with the other daily jobs, and hourly by the request middleware)."""

from .jobs import daily_job


@daily_job("清理过期的待确认导入文件")
def sweep_pending_imports(today) -> int:
    from .io import pending

    pending.sweep()
    return 0  # no notifications: the count is of files, not of people told


@daily_job("清理超过保存期限的审计日志")
def purge_audit_trail(today) -> int:
    from .trail import purge

    purge()
    return 0  # no notifications: the job's own event in the chain says what it removed
