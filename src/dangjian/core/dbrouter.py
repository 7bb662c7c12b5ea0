"""Reports and dashboards read from a PostgreSQL replica when one is configured (`DATABASE_REPLICA_URL`).

The heavy read-only pages (the annual report, the analysis, the dashboards, a figure's rows) are where a
district's database spends its time; a streaming replica can take them off the primary. Which reads may go
there is not a property of a model — the same `Problem` table is read by the ledger, which must show the row
just saved, and by the annual report, which may be a second behind — so the page says so: its view runs
inside `reading_replica()` (or is wrapped in `replica_reads`) and the router sends that request's reads to the
replica. Everything else, every write and every read inside a transaction on the primary goes to "default".

Without `DATABASE_REPLICA_URL` there is no "replica" alias and the router answers "default" throughout; in
the tests the replica is a TEST MIRROR of default (settings.py), so the same code runs against one database.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY = "default"

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_replica():
    """Reads inside this block may come from the replica (they may lag the primary by the replication delay).

    A contextvar, not a thread-local: it follows the request through async code and is reset on exit even
    when the view raises. Nested blocks are fine. Also usable as a decorator (`@reading_replica()`), though
    views should prefer `replica_reads`, which leaves POSTs on the primary.
    """
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def replica_reads(view):
    """A view decorator: GET and HEAD requests read from the replica; other methods (a form that saves) do not.

    A TemplateResponse is rendered before leaving the block, so the querysets its template evaluates (a
    ListView's page of rows) are read from the replica too.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with reading_replica():
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapper


def _primary_in_transaction() -> bool:
    """A transaction open on the primary may have written what is read next: read it there."""
    return connections[PRIMARY].in_atomic_block


class ReplicaRouter:
    """DATABASE_ROUTERS entry: reads marked by `reading_replica()` go to the replica, everything else to default."""

    def db_for_read(self, model, **hints):
        if _reading_replica.get() and replica_configured() and not _primary_in_transaction():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        """The replica holds the primary's rows: an object read from one may point at an object read from the
        other (a report read from the replica saved on the primary)."""
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Migrations run on the primary only; the replica receives them by replication."""
        return db != REPLICA
