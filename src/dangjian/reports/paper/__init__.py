"""Paper for inspections, in the 公文 layout: the 目标责任书 for signing, a meeting's minutes page and sign-in sheet,
and a community's 台账 binder.

Each is a builder `build_x(user, ..., fmt="docx"|"pdf", progress=None) -> (filename, bytes)` that reads every row
through `visible_to(user)` (so a job started by one user can only print what that user sees) and reports its steps
to `progress(done, total, step)` — the long-job queue shows them as a progress bar.

The builders load python-docx (~17 MB), so this package names them without importing them: the URLconf imports
`paper.views` at start, and a worker loads python-docx only when it writes a document (issue 14).
"""

FORMATS = ("docx", "pdf")
_BUILDERS = {"build_binder": "binder", "build_letter": "letter", "build_meeting_record": "minutes"}

__all__ = ["FORMATS", *_BUILDERS]


def __getattr__(name):
    """`from dangjian.reports.paper import build_binder` imports the builder's module on first use."""
    if name in _BUILDERS:
        from importlib import import_module

        return getattr(import_module(f".{_BUILDERS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
