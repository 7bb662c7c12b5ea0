"""The tiny world for the tests that commit (transactional and browser tests), put back from a copy instead of
seeded again.

Such a test ends with every table emptied (pytest-django's flush), and the next one needs the world back. Seeding
it anew took four seconds a test: a minute of each suite run and most of the browser journeys' setup. On SQLite
the freshly seeded database is copied once into memory with SQLite's own backup API (page by page, the schema and
the sequences with it) and copied back in milliseconds; on PostgreSQL the world is seeded again.

The copy is taken right after `seeding.run("tiny")`, before anything a test module adds, so a restored world is
the same as a seeded one.
"""

import sqlite3

from django.db import connection

_copy: sqlite3.Connection | None = None


def remember() -> None:
    """Keep a copy of the database as it is now (SQLite only; called once the session's world is seeded)."""
    global _copy
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    _copy = copy


def ensure() -> None:
    """The tiny world is in the database: left as it is, put back from the copy, or seeded."""
    from dangjian.core import seeding

    if seeding.already_seeded():
        return
    if _copy is not None and connection.vendor == "sqlite":
        connection.ensure_connection()
        _copy.backup(connection.connection)
        return
    seeding.run("tiny", out=lambda line: None)
