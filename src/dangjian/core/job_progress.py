"""The running job's progress, for code that does not know it runs in one (a download replayed in the worker).

A long job sets `current` while its builder runs; `build_workbook` ticks per row and a view may name its steps.
Outside a job every call here is a no-op, so the same code serves the small download in the request.
"""

from contextvars import ContextVar

# (progress callable, rows expected) while a job replays a download; None in a request
current: ContextVar = ContextVar("long_job_progress", default=None)

EVERY = 200  # rows between two reports (a report writes only when the whole percent changes)


def active() -> bool:
    return current.get() is not None


def rows(n: int) -> None:
    """`n` rows written so far (of the count the job was started with)."""
    running = current.get()
    if running is not None and n % EVERY == 0:
        progress, total = running
        if total:
            progress(min(n, total), total, f"已写入 {n} / {total} 行")


def step(done: int, total: int, text: str) -> None:
    """A named step of a download that does not count rows (compose, write, convert)."""
    running = current.get()
    if running is not None:
        running[0](done, total, text)
