"""Simultaneous requests against the real database (SQLite file or PostgreSQL), for race tests."""

import threading

from django.db import connection


def race(n: int, func, refusals: tuple = ()):
    """Run func(i) in n threads released together; returns (results, messages of expected refusals).

    Each thread closes its own connection, so every one really holds a separate database session.
    """
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results.append(func(i))
        except refusals as exc:
            errors.append(" ".join(getattr(exc, "messages", None) or [str(exc)]))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def seeded_community():
    """Community A of the tiny world, seeding it if a transactional test emptied the database."""
    from . import seeded, world

    seeded.ensure()
    return world.community("a")
