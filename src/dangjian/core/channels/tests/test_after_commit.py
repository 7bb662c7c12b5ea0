"""Notices made inside a transaction are sent right after it commits — once per transaction, and again after the
next one, even when both are calls of the same `@transaction.atomic` function (which reuses one `Atomic`)."""

import pytest
from django.db import connection, transaction

from dangjian.core.channels import deliveries
from dangjian.core.notify import notify
from dangjian.testing import world
from dangjian.testing.concurrency import seeded_community

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_sends_soon_after_every_commit_even_of_one_decorated_function(monkeypatch):
    seeded_community()
    user = world.user("member")
    user.person.phone = "13812345678"
    user.person.save()
    kicks: list[bool] = []
    monkeypatch.setattr(deliveries, "is_immediate", lambda: False)  # as in production: a worker sends them
    monkeypatch.setattr(deliveries.send_soon, "later", lambda: kicks.append(connection.in_atomic_block))

    @transaction.atomic
    def tell(batch: str, count: int = 1):
        for n in range(count):
            notify(user, f"meeting:{batch}{n}:upcoming", "会议提醒：党课")
        assert kicks == [False] * len(kicks)  # nothing is sent while the transaction is open…
        seen.append(len(kicks))

    seen: list[int] = []
    tell("first", count=3)
    assert kicks == [False]  # …then once, after the commit, for the three notices
    tell("second")
    assert kicks == [False, False]  # the same function's next transaction is sent too
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(user, "meeting:rolled:upcoming", "会议提醒：党课")
        raise RuntimeError("rolled back")
    assert len(kicks) == 2  # a rolled-back transaction sends nothing…
    tell("third")
    assert len(kicks) == 3 and seen == [0, 1, 2]  # …and leaves no mark that would hold back the next
