"""One job queue for all background and periodic work: a task handed to the queue runs on a worker, a periodic
job runs once per period however many workers claim it (threads racing on the real database), the next period
runs again, a failure is recorded and retried, and `dangjian worker --once` / `dangjian remind` run what is due."""

import logging
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from huey.exceptions import TaskException
from huey.storage import MemoryStorage

from dangjian.core import periodic, queue
from dangjian.core.periodic import JobRun
from dangjian.ledgers import actions
from dangjian.ledgers.models import SupervisionNotice
from dangjian.testing import world
from dangjian.testing.clock import at, moment
from dangjian.testing.concurrency import race

CALLS: list[str] = []
FAILING: list[str] = []  # a message here makes `flaky` fail with it


@queue.background(keep_result=True)
def record(text: str, times: int = 1) -> int:
    CALLS.extend([text] * times)
    return len(CALLS)


def daily(today):
    CALLS.append(f"daily {today}")
    return 1


def quarterly(today):
    CALLS.append(f"quarter {timezone.localtime():%H:%M}")


def flaky(today):
    if FAILING:
        raise ValueError(FAILING[0])
    CALLS.append("flaky")
    return "已完成"


@pytest.fixture
def jobs(monkeypatch, db):
    """The test's own periodic jobs alone (the apps' reminders are not its business), gone afterwards."""
    monkeypatch.setattr(periodic, "_JOBS", {})
    monkeypatch.setattr(periodic, "_loaded", True)
    CALLS.clear()
    FAILING.clear()

    def add(func, every, label=None):
        queue.periodic(label or f"测试：{func.__name__}", every)(func)
        return periodic.get(f"{func.__module__}.{func.__qualname__}")

    return add


@pytest.fixture
def queued(monkeypatch):
    """A real queue (in memory) instead of the suite's inline mode: `.later()` only enqueues, a worker runs it."""
    monkeypatch.setattr(queue.huey, "_immediate", False)
    monkeypatch.setattr(queue.huey, "storage", MemoryStorage(queue.NAME))
    CALLS.clear()


def _today_at(hour: int, minute: int = 0, days: int = 0):
    return at(moment(timezone.localdate() + timedelta(days=days), time(hour, minute)))


def test_a_task_handed_to_the_queue_runs_on_the_worker_after_the_commit(db, queued,
                                                                       django_capture_on_commit_callbacks):
    assert record("here") == 1  # called, it runs where it is called
    with django_capture_on_commit_callbacks(execute=True):
        assert record.later("queued", times=2) is None  # inside a transaction: enqueued when it commits
        assert len(queue.huey) == 0
    assert len(queue.huey) == 1 and CALLS == ["here"]
    out = StringIO()
    call_command("worker", once=True, stdout=out)
    assert CALLS == ["here", "queued", "queued"] and len(queue.huey) == 0
    assert "后台任务 1 项" in out.getvalue()


def test_in_the_tests_a_task_runs_where_it_is_enqueued():
    CALLS.clear()
    assert queue.is_immediate()
    result = record.later("inline")
    assert CALLS == ["inline"] and result.get() == 1


@queue.background
def record_quietly(text: str) -> int:
    return record(text)


def test_a_result_is_kept_only_when_the_task_asks_for_it():
    CALLS.clear()
    assert record_quietly.later("x").get() is None and record.later("y").get() == 2
    assert CALLS == ["x", "y"]


@queue.background
def broken(text: str) -> None:
    raise ValueError(text)


def test_in_the_tests_a_failing_task_fails_the_caller():
    with pytest.raises(TaskException, match="没有这个组织"):
        broken.later("没有这个组织")


def test_a_task_takes_plain_arguments_only():
    with pytest.raises(TypeError, match="plain values"):
        record.later(date(2026, 5, 1))
    with pytest.raises(TypeError, match="plain values"):
        record.later("x", times=object())  # a model instance would be read again by the worker anyway


def test_a_periodic_job_claimed_twice_in_a_period_runs_once(jobs):
    job = jobs(daily, "daily")
    period, day = job.period(timezone.now())
    first, second = periodic.run_one(job, period, day), periodic.run_one(job, period, day)
    assert (first.status, second.status) == ("ok", "skipped") and "本期已运行" in second.message
    assert periodic.claim(job, period) is None  # a third worker
    assert CALLS == [f"daily {day}"]
    run = JobRun.objects.get(name=job.name)
    assert (run.period, run.ok, run.attempts, run.message) == (day.isoformat(), True, 1, "新建 1 条通知")
    assert run.finished >= run.started


def test_the_next_period_runs_again(jobs):
    jobs(daily, "daily")
    jobs(quarterly, 15)
    with _today_at(10, 2):
        assert {o.job.label for o in periodic.run_due()} == {"测试：daily", "测试：quarterly"}
    with _today_at(10, 14):
        assert periodic.run_due() == []  # both periods already run
    with _today_at(10, 15):
        assert [o.job.label for o in periodic.run_due()] == ["测试：quarterly"]
    with _today_at(1, 0, days=1):
        assert [o.job.label for o in periodic.run_due()] == ["测试：quarterly"]  # the day's jobs wait for 01:30
    with _today_at(1, 30, days=1):
        assert [o.job.label for o in periodic.run_due()] == ["测试：daily", "测试：quarterly"]
    today, tomorrow = timezone.localdate(), timezone.localdate() + timedelta(days=1)
    assert sorted(JobRun.objects.values_list("period", flat=True)) == sorted([
        today.isoformat(), tomorrow.isoformat(), f"{today}T10:00", f"{today}T10:15", f"{tomorrow}T01:00",
        f"{tomorrow}T01:30"])
    assert CALLS.count(f"daily {today}") == 1 and CALLS.count(f"daily {tomorrow}") == 1


def test_a_failed_run_is_recorded_and_retried(jobs, caplog):
    jobs(flaky, "hourly")
    FAILING.append("数据库暂时不可用")
    with _today_at(10, 0), caplog.at_level(logging.ERROR, logger="dangjian.core.periodic"):
        [outcome] = periodic.run_due()
        assert outcome.status == "failed" and outcome.message == "运行失败：数据库暂时不可用"
        assert periodic.run_due() == []  # the worker does not hammer it
    assert any(r.exc_info for r in caplog.records)  # the traceback is in the log
    run = JobRun.objects.get()
    assert (run.ok, run.attempts, run.message) == (False, 1, "运行失败：数据库暂时不可用") and run.finished
    with _today_at(10, 11):
        [outcome] = periodic.run_due()  # ten minutes on: tried again, in the same period
        assert outcome.status == "failed"
    with _today_at(10, 22):
        FAILING.clear()
        [outcome] = periodic.run_due()
    run.refresh_from_db()
    assert outcome.status == "ok" and (run.ok, run.attempts, run.message) == (True, 3, "已完成")
    assert CALLS == ["flaky"]


def test_the_worker_gives_up_after_three_attempts_but_a_person_may_retry(jobs):
    jobs(flaky, "hourly", label="测试：会失败")
    FAILING.append("外部服务无响应")
    for minute in (0, 11, 22):
        with _today_at(10, minute):
            assert [o.status for o in periodic.run_due()] == ["failed"]
    with _today_at(10, 45):
        assert periodic.run_due() == []
        FAILING.clear()
        [outcome] = queue.run_periodic_now("测试：会失败")
    assert outcome.status == "ok" and JobRun.objects.get().attempts == 4


def test_worker_once_runs_the_due_jobs_and_says_which_failed(jobs):
    jobs(daily, "daily")
    with _today_at(1, 0):
        out = StringIO()
        call_command("worker", once=True, stdout=out)
        assert "定时任务 0 项" in out.getvalue() and CALLS == []
    with _today_at(2, 0):
        out = StringIO()
        call_command("worker", once=True, stdout=out)
    assert f"测试：daily（{timezone.localdate()}）：新建 1 条通知" in out.getvalue()
    assert CALLS == [f"daily {timezone.localdate()}"]
    jobs(flaky, 5, label="测试：会失败")
    FAILING.append("磁盘已满")
    with _today_at(2, 5), pytest.raises(CommandError, match="1 项定时任务失败：测试：会失败"):
        call_command("worker", once=True, stdout=StringIO())
    assert JobRun.objects.get(label="测试：会失败").message == "运行失败：磁盘已满"


def test_the_worker_and_remind_run_the_daily_reminders_once_a_day(community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="垃圾分类亭损坏",
                                     category="service", source="self",
                                     deadline=timezone.localdate() - timedelta(days=2))
    call_command("worker", once=True, stdout=StringIO())  # 10:00, past the day's hour
    assert SupervisionNotice.objects.filter(problem=problem).exists()
    notices = SupervisionNotice.objects.count()
    supervision = JobRun.objects.get(label="三张清单督办", period=timezone.localdate().isoformat())
    assert supervision.ok and supervision.message.startswith("新建 ")
    out = StringIO()
    call_command("remind", stdout=out)  # cron, after the worker: nothing twice
    assert "三张清单督办：本期已运行" in out.getvalue() and "跳过（--force 可再次运行）" in out.getvalue()
    out = StringIO()
    call_command("remind", force=True, stdout=out)
    assert "三张清单督办：新建 0 条通知" in out.getvalue()
    assert SupervisionNotice.objects.count() == notices
    assert JobRun.objects.get(pk=supervision.pk).attempts == 2


def test_a_job_is_one_of_the_given_kinds():
    with pytest.raises(ValueError, match="every must be"):
        queue.periodic("测试", "weekly")(daily)
    with pytest.raises(LookupError, match="没有名为“不存在”的定时任务"):
        queue.run_periodic_now("不存在")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_racing_for_a_period_run_it_once(jobs):
    job = jobs(daily, "daily")
    period, day = job.period(timezone.now())
    results, errors = race(8, lambda i: periodic.run_one(job, period, day).status)
    assert errors == [] and sorted(results) == ["ok"] + ["skipped"] * 7
    assert CALLS == [f"daily {day}"] and JobRun.objects.filter(name=job.name).count() == 1
    # A failed run taken over by several people at once: again one of them runs it.
    JobRun.objects.filter(name=job.name).update(ok=False)
    results, errors = race(8, lambda i: periodic.run_one(job, period, day, mode="manual").status)
    assert errors == [] and sorted(results) == ["ok"] + ["skipped"] * 7
    assert CALLS == [f"daily {day}"] * 2 and JobRun.objects.get(name=job.name).attempts == 2


@pytest.mark.one_database("sqlite", "installs the product afresh on a SQLite database of its own")
def test_a_wrong_daily_hour_stops_start_up_naming_the_variable(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANGJIAN_", "DATABASE_URL"))}
    env.update(DANGJIAN_DATA_DIR=str(tmp_path), DANGJIAN_DAILY_JOBS_AT="25:00")
    result = subprocess.run([sys.executable, "-m", "dangjian.cli", "check"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0 and "DANGJIAN_DAILY_JOBS_AT" in result.stderr


def test_run_records_are_kept_a_month(db):
    from dangjian.core.reminders import prune_job_runs

    now = timezone.now()
    for days in (31, 29):
        JobRun.objects.create(name="x", label="测试", period=f"{days}", started=now - timedelta(days=days))
    assert prune_job_runs(timezone.localdate()) == "删除 1 条运行记录"
    assert list(JobRun.objects.values_list("period", flat=True)) == ["29"]
