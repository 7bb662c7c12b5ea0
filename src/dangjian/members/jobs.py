"""Members' long jobs: a roster import of more than 2,000 rows (core.io.import_jobs)."""

from dangjian.core.io import import_jobs
from dangjian.core.longjobs import long_job


@long_job("members_import", "导入党员名册")
def roster_import(user, progress, *, token: str):
    from . import io

    return import_jobs.run(user, progress, token=token, columns=io.COLUMNS, validate=io.validate, commit=io.commit,
                           title="党员名册导入结果",
                           summary=lambda r: f"新增 {r.created} 人，更新 {r.updated} 人，未变化 {r.unchanged} 人。")


from . import parts as _parts  # noqa: E402

_parts.load("jobs")  # the lifecycle parts: members/parts.py
