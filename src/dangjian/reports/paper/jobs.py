"""The paper documents as long jobs (core.longjobs): started from the letter, meeting and ledger pages, run by the
worker with a progress bar, downloaded from the job's page and the to-do list."""

from dangjian.core.longjobs import long_job

# The builders (and python-docx with them) are imported when a job runs, not when the kinds are discovered.


def _fmt(params) -> str:
    """"东风社区党委 2026年（Word）": which record the file is of (the name the page gave when it started the job)."""
    fmt = "（PDF）" if params.get("fmt") == "pdf" else "（Word）"
    return f"{params['name']}{fmt}" if params.get("name") else fmt


@long_job("paper.letter", "目标责任书（签字版）", detail=_fmt)
def letter(user, progress, *, letter: int, fmt: str = "docx", name: str = ""):
    from .letter import build_letter

    return build_letter(user, letter, fmt, progress)


@long_job("paper.meeting", "会议记录及签到表", detail=_fmt)
def meeting(user, progress, *, meeting: int, fmt: str = "docx", name: str = ""):
    from .minutes import build_meeting_record

    return build_meeting_record(user, meeting, fmt, progress)


def _binder(params) -> str:
    return f"{params.get('name', '')} {params['year']}年{_fmt({**params, 'name': ''})}".strip()


@long_job("paper.binder", "三张清单台账汇编", detail=_binder)
def binder(user, progress, *, org: int, year: int, fmt: str = "docx", name: str = ""):
    from .binder import build_binder

    return build_binder(user, org, year, fmt, progress)
