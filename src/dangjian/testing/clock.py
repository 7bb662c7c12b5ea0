"""The clock the test suite runs on.

Time is an input: the suite pins "now" to 10:00 (Beijing time) of one day and lets it tick from
there, so a test never straddles midnight and never depends on the day it happens to run. The day
is `DANGJIAN_TEST_TODAY` (YYYY-MM-DD) when set, else the machine's date — which `faketime` can set
too. The README's development section runs the suite on a month end, 29 February and 31 December.
"""

import os
from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def test_today() -> date:
    raw = os.environ.get("DANGJIAN_TEST_TODAY", "").strip()
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise SystemExit(f"DANGJIAN_TEST_TODAY 应为 YYYY-MM-DD 格式的日期：{raw!r}") from None
    return datetime.now(ZONE).date()


def moment(day: date, at: time = time(10)) -> datetime:
    return datetime.combine(day, at, tzinfo=ZONE)


@contextmanager
def pinned(day: date | None = None, at: time = time(10)):
    """Run the block with the clock at `day` `at` o'clock (ticking on from there)."""
    import time_machine

    with time_machine.travel(moment(day or test_today(), at), tick=True):
        yield


@contextmanager
def at(when: datetime | date):
    """Move the clock for one test step (e.g. to the day after a deadline); ticks on from there."""
    import time_machine

    target = when if isinstance(when, datetime) else moment(when)
    with time_machine.travel(target, tick=True):
        yield
