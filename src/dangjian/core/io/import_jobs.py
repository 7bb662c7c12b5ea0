"""Imports of more than 2,000 rows as long jobs: checked whole and written whole in the worker, or not at all.

The upload waits sealed in `core.io.pending` (it is full of ID numbers) until the job claims it; the job's file
is the row report — every row's error (行号, 列, 问题), or the counts of what was written. A job that fails
before it wrote anything keeps the upload for its retry.

    started = import_jobs.start_if_large(request, upload, "members_import")
    if started:
        return started

and in the app's jobs.py:

    @long_job("members_import", "导入党员名册")
    def roster(user, progress, *, token):
        return import_jobs.run(user, progress, token=token, columns=COLUMNS, validate=validate, commit=commit,
                               title="党员名册导入结果", summary=lambda r: f"新增 {r.created} 人…")
"""

import zipfile
from io import BytesIO

from django.core.files import File
from django.db import transaction
from django.shortcuts import redirect

from . import importer, pending


def count_rows(upload) -> int:
    """The rows the sheet says it has (its dimension), read without parsing them; 0 when it does not say."""
    from openpyxl import load_workbook

    try:
        upload.seek(0)
        wb = load_workbook(upload, read_only=True)
        try:
            return wb.active.max_row or 0
        finally:
            wb.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        return 0  # the import's own reading says what is wrong with the file
    finally:
        upload.seek(0)


def start_if_large(request, upload, kind: str, **params):
    """A redirect to a new import job when the sheet has more than 2,000 rows, else None (checked in the
    request, as before)."""
    from .. import longjobs

    if count_rows(upload) <= longjobs.ROWS_IN_REQUEST:
        return None
    token = pending.store(request.user, upload)
    return redirect(longjobs.start(request.user, kind, token=token, **params))


def report(title: str, result, summary: str) -> bytes:
    from .xlsx import build_workbook

    rows = [(e.row, e.column, e.message) for e in result.errors]
    buf = BytesIO()
    build_workbook(title, ["行号", "列", "问题"], rows, subtitle=summary).save(buf)
    return buf.getvalue()


def run(user, progress, *, token: str, columns, validate, commit, title: str, summary):
    """Claim the upload, check every row, write all of them in one transaction if none has an error. Returns
    (report file name, report bytes, the outcome in one line)."""
    from ..longjobs import JobFailed

    data = pending.claim(user, token)
    if data is None:
        raise JobFailed("上传的文件已导入、已取消或已超过一小时，请重新上传。")
    try:
        progress(0, 3, "正在读取文件")
        result = importer.read(File(BytesIO(data), name="import.xlsx"), columns)
        progress(1, 3, f"正在检查 {len(result.rows)} 行")
        result = validate(result, user)
        if result.ok:
            progress(2, 3, f"正在写入 {len(result.rows)} 行")
            with transaction.atomic():
                commit(result, user)
    except Exception:
        _keep_for_retry(user, progress, data)
        raise
    if result.errors:
        outcome = (f"未导入：发现 {len(result.errors)} 处错误（共 {len(result.rows)} 行），"
                   "请下载错误清单修改后重新上传。")
    else:
        outcome = f"导入完成：{summary(result)}"
    return f"{title}.xlsx", report(title, result, outcome), outcome


def _keep_for_retry(user, progress, data: bytes) -> None:
    """Seal the upload again under a new token and point the job at it, so 重试 finds it (within the hour)."""
    from django.core.files.base import ContentFile

    from ..longjob_model import LongJob

    token = pending.store(user, ContentFile(data, name="import.xlsx"))
    job = LongJob.objects.get(pk=progress.job_id)
    LongJob.objects.filter(pk=job.pk).update(params={**job.params, "token": token})
