"""The reports app's long jobs (core.longjobs discovers this module): the paper documents for inspections."""

from .paper import jobs as paper_jobs  # noqa: F401  (目标责任书, 会议记录及签到表, 台账汇编)
