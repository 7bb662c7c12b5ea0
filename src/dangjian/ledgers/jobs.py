"""Ledgers' long jobs: a task-list import of more than 2,000 rows (core.io.import_jobs)."""

from dangjian.core.io import import_jobs
from dangjian.core.longjobs import long_job


@long_job("tasks_import", "导入任务清单")
def task_import(user, progress, *, token: str):
    from .excel import TASK_COLUMNS, commit_tasks, validate_tasks

    return import_jobs.run(user, progress, token=token, columns=TASK_COLUMNS, validate=validate_tasks,
                           commit=commit_tasks, title="任务清单导入结果",
                           summary=lambda r: f"已导入 {r.created} 项任务。")
