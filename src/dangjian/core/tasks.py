"""Core's tasks on the queue, imported by the worker with every app's `tasks` module (core.periodic.load)."""

from . import snapshot_jobs  # noqa: F401  (the stored figures' refresh and clean-up)
