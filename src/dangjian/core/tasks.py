"""Core's tasks on the queue, imported by the worker with every app's `tasks` module (core.periodic.load)."""

from . import snapshot_jobs  # noqa: F401  (the stored figures' refresh and clean-up)
from .channels import deliveries  # noqa: F401,E402  (notification deliveries sent every minute)
from .longjobs import tidy  # noqa: F401  (long jobs: stalled ones fail, month-old ones leave with their files)
