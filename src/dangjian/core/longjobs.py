"""Long jobs: work too long for a request (a PDF, an export or import of thousands of rows, a binder) runs on the
queue while its page shows a progress bar; the file waits in the owner's to-do list until downloaded.

An app registers a kind of job in its `jobs.py` (see /work/briefs/jobs-api.md):

    @long_job("binder", "台账汇编")
    def binder(user, progress, *, org: int, year: int) -> tuple[str, bytes]: ...

and a view starts one and sends the person to its page:

    job = longjobs.start(request.user, "binder", org=org.pk, year=2026)
    return redirect(job)

The runner reads the row again in the worker, marks it running (through `workflow.transition`, so the history
shows each step), hands the builder a `progress(done, total, step)` whose writes are committed at once — another
request sees them, even while the builder works inside its own transaction — and stores the file under the media
storage, sealed (an export may hold ID numbers and phones in full; only `read_result` opens it). A failure is
logged with its traceback; the person reads a reason in Chinese and may retry.
"""

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection, connections
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from . import crypto
from .longjob_model import LongJob
from .queue import _check_plain, background, is_immediate, periodic
from .workflow import Refused, transition

log = logging.getLogger(__name__)

INTERNAL = "生成失败：系统内部错误，请稍后重试或联系管理员。"
NOT_FOUND = "生成失败：所需的记录已不存在，或您已无权查看。"
FORBIDDEN = "生成失败：您的角色已不能进行此项操作。"
STALLED = "生成失败：后台处理中断（服务重启或超时），请重试。"
STORAGE = "文件未能保存（存储空间不可用），请稍后重试或联系管理员"
ROWS_IN_REQUEST = 2000  # more rows than this are exported or imported as a job


class JobFailed(Exception):
    """A builder's refusal with the reason the person should read (in Chinese)."""


@dataclass(frozen=True)
class Kind:
    kind: str
    label: str
    func: Callable  # (user, progress, **params) -> (filename, bytes)
    detail: Callable | None = None  # params -> a suffix of the label ("2026年")


_KINDS: dict[str, Kind] = {}
_loaded = False


def long_job(kind: str, label: str, *, detail: Callable | None = None):
    """Register `func(user, progress, **params) -> (filename, data)` as the job kind `kind`, named `label`."""

    def wrap(func):
        """`func` returns (filename, data) or (filename, data, outcome): a line shown when it is done."""
        _KINDS[kind] = Kind(kind, label, func, detail)
        return func

    return wrap


def get_kind(kind: str) -> Kind:
    global _loaded
    if kind not in _KINDS and not _loaded:
        from . import export_jobs  # noqa: F401  (core's own kind: a download replayed in the worker)
        from .discovery import import_app_modules

        import_app_modules("jobs")
        _loaded = True
    return _KINDS[kind]


# --- starting and retrying ----------------------------------------------------------------------------------


def start(user, kind: str, **params) -> LongJob:
    """A new job of `kind` for `user`, queued to run after the surrounding commit; returns its row."""
    found = get_kind(kind)
    _check_plain(params, "parameter")
    label = found.label
    if found.detail is not None:
        label = f"{label}：{found.detail(params)}"
    job = LongJob.objects.create(user=user, kind=kind, label=label[:200], params=params,
                                 acting_as=getattr(user, "active_assignment_id", None))
    run_long_job.later(job.pk)
    return job


def may_retry(user, job) -> bool:
    """Only the person who started it, and only a job that failed."""
    return job.user_id == getattr(user, "pk", None) and job.status == LongJob.FAILED


def retry(user, job) -> LongJob:
    if job.user_id != getattr(user, "pk", None):
        raise Refused.absent()
    if not may_retry(user, job):
        raise Refused.conflict(f"该任务当前状态为“{job.get_status_display()}”，只有失败的任务可以重试。")
    job = transition(job, when={"status": LongJob.FAILED},
                     to={"status": LongJob.QUEUED, "error": "", "done": 0, "step": "", "finished": None},
                     actor=user, refusal="该任务当前状态为“{state}”，只有失败的任务可以重试。", step="重试")
    run_long_job.later(job.pk)
    return job


def mark_downloaded(user, job) -> None:
    if job.downloaded_at is None and job.user_id == getattr(user, "pk", None):
        try:
            transition(job, when={"downloaded_at__isnull": True}, to={"downloaded_at": timezone.now()},
                       actor=user, refusal="", step="下载")
        except Refused:
            pass  # two downloads at once: the other one marked it


# --- running ------------------------------------------------------------------------------------------------


@background
def run_long_job(job_id: int) -> None:
    run(job_id)


def run(job_id: int) -> None:
    """Run the queued job `job_id` here (the worker's task; also callable by hand)."""
    job = LongJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.status != LongJob.QUEUED:
        return  # gone, or another worker has it
    try:
        job = transition(job, when={"status": LongJob.QUEUED},
                         to={"status": LongJob.RUNNING, "started": timezone.now(), "attempts": job.attempts + 1,
                             "done": 0, "total": 0, "step": "开始"},
                         actor=None, refusal="", step="开始生成")
    except Refused:
        return
    user = job.user
    if job.acting_as:
        user.active_assignment_id = job.acting_as
    progress = Progress(job.pk)
    try:
        made = get_kind(job.kind).func(user, progress, **job.params)
    except Exception as exc:  # every failure ends the job with a reason; the traceback goes to the log
        _fail(job, exc)
        return
    filename, data = made[0], made[1]
    outcome = made[2] if len(made) > 2 else "已完成"  # a builder may say how it ended (an import's counts)
    storage = LongJob._meta.get_field("result").storage
    try:
        name = storage.save(f"jobs/{job.pk}/{secrets.token_hex(8)}{SEALED}", ContentFile(seal(job.pk, data)))
    except Exception:  # a full disk, an unreachable bucket: the job ends, it does not stay 生成中
        _fail(job, JobFailed(STORAGE), traceback=True)
        return
    try:
        transition(job, when=_still_mine(job),
                   to={"status": LongJob.DONE, "result": name, "filename": filename[:200], "error": "",
                       "finished": timezone.now(), "done": max(progress.total, 1), "total": max(progress.total, 1),
                       "step": outcome[:200]},
                   actor=None, refusal="", step="生成完成")
    except Refused:  # retried (or removed) meanwhile: that run's file is the one kept
        storage.delete(name)


def _still_mine(job) -> Q:
    """This run still owns the row: running, or given up by `tidy` as stalled while it was in fact still working
    (its result then counts). A retry meanwhile (another attempt) owns the row instead."""
    return Q(attempts=job.attempts) & (Q(status=LongJob.RUNNING) | Q(status=LongJob.FAILED, error=STALLED))


# --- the stored file: sealed at rest (an export may hold ID numbers and phones in full) ---------------------

SEALED = ".sealed"
PURPOSE = b"dangjian-long-job-files"  # the label of the key derived from the field key


def seal(job_id: int, data: bytes) -> bytes:
    """The file as stored: sealed with the field cipher under a key derived from the field key, bound to its job
    (a file copied under another job does not open)."""
    return crypto.seal_bytes(PURPOSE, data, f"long-job:{job_id}".encode())


def read_result(job) -> bytes:
    """The job's file as it was made. Raises FileNotFoundError when it is gone or no longer opens (removed from
    the storage, or sealed under a key that has since been rotated)."""
    try:
        with job.result.open("rb") as fh:
            raw = fh.read()
    except Exception as exc:  # missing on disk, or whatever a remote storage raises for an absent object
        raise FileNotFoundError(job.result.name) from exc
    if not job.result.name.endswith(SEALED):
        return raw  # made before files were sealed
    try:
        return crypto.open_bytes(PURPOSE, raw, f"long-job:{job.pk}".encode())
    except (InvalidTag, ValueError) as exc:
        raise FileNotFoundError(job.result.name) from exc


def reason(exc: BaseException) -> str:
    """What the person reads about a failure: the builder's own Chinese reason, or a plain sentence."""
    from .io.importer import ImportFileError
    from .io.pdf import PdfUnavailable

    if isinstance(exc, Refused):
        return f"生成失败：{exc.text}"
    if isinstance(exc, (JobFailed, ImportFileError, PdfUnavailable)):
        return f"生成失败：{exc}"
    if isinstance(exc, (ObjectDoesNotExist, Http404)):
        return NOT_FOUND
    if isinstance(exc, PermissionDenied):
        return FORBIDDEN
    return INTERNAL


def _fail(job, exc, *, traceback: bool = False) -> None:
    text = reason(exc)
    if text in (INTERNAL,) or traceback:
        log.exception("long job %s (%s) failed", job.pk, job.kind)
    else:
        log.warning("long job %s (%s) refused: %s", job.pk, job.kind, text)
    try:
        transition(job, when=_still_mine(job),
                   to={"status": LongJob.FAILED, "error": text[:500], "finished": timezone.now()},
                   actor=None, refusal="", step="生成失败", reason=text)
    except Refused:
        pass  # retried meanwhile: the other attempt will say how it ended


class Progress:
    """`progress(done, total, step="")` for a builder: a write whenever the whole percent or the step changes,
    committed at once so the job's page sees it.

    A builder that works inside its own transaction (an all-or-nothing import) would hide its progress until the
    end; there the write goes through a second connection of a short-lived thread (PostgreSQL). SQLite allows one
    writer: inside such a transaction the bar keeps the last step written before it. In the tests (immediate
    mode) everything shares the test's transaction and the page reads the same connection."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.total = 0
        self._last = None
        self._depth = len(connection.atomic_blocks)

    def __call__(self, done: int, total: int, step: str = "") -> None:
        total = max(int(total or 0), 0)
        done = max(int(done or 0), 0)
        if total:
            done = min(done, total)
        self.total = total
        key = (done * 100 // total if total else 0, step)
        if key == self._last:
            return
        self._last = key
        values = {"done": done, "total": total, "step": str(step)[:200]}
        if is_immediate() or len(connection.atomic_blocks) <= self._depth:
            LongJob.objects.filter(pk=self.job_id).update(**values)
        elif connection.vendor == "postgresql":
            _write_aside(self.job_id, values)



def _write_aside(job_id: int, values: dict) -> None:
    def write():
        try:
            LongJob.objects.filter(pk=job_id).update(**values)
        except Exception:  # a progress bar is not worth failing the job for
            log.warning("progress of long job %s not written", job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=write, name=f"long-job-{job_id}-progress", daemon=True)
    thread.start()
    thread.join(10)


def todo_downloads(user):
    """Finished files this person has not downloaded yet (the to-do list's 待下载的文件)."""
    return LongJob.objects.visible_to(user).filter(user=user, status=LongJob.DONE, downloaded_at__isnull=True)


def todo_failures(user):
    """Failed jobs of the last week, to retry or give up on (older ones leave the to-do list)."""
    since = timezone.now() - timedelta(days=7)
    return LongJob.objects.visible_to(user).filter(user=user, status=LongJob.FAILED, finished__gte=since)


# --- housekeeping -------------------------------------------------------------------------------------------

STALLED_AFTER = timedelta(hours=3)  # a job "running" this long lost its worker (a restart, a killed process)
KEPT_FOR = timedelta(days=30)  # finished jobs and their files are removed after this


@periodic("后台任务清理", "hourly")
def tidy(today) -> str:
    """Jobs whose worker died end as failed (their owner may retry); month-old jobs leave with their files."""
    now = timezone.now()
    stalled = 0
    for job in LongJob.objects.filter(status=LongJob.RUNNING, started__lt=now - STALLED_AFTER):
        try:
            transition(job, when={"status": LongJob.RUNNING},
                       to={"status": LongJob.FAILED, "error": STALLED, "finished": now},
                       actor=None, refusal="", step="生成失败", reason=STALLED)
            stalled += 1
        except Refused:
            pass
    old = list(LongJob.objects.filter(created__lt=now - KEPT_FOR).exclude(status__in=(LongJob.QUEUED,
                                                                                     LongJob.RUNNING)))
    for job in old:
        if job.result:
            job.result.delete(save=False)
    LongJob.objects.filter(pk__in=[j.pk for j in old]).delete()
    return f"中断 {stalled} 个，清除 {len(old)} 个"
