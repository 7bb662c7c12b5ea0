"""Nobody has to remember cron: the first request of a day runs the daily jobs (督办 included), once a day
across workers and the `remind` command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from dangjian.core import daily
from dangjian.core.daily import DailyRun
from dangjian.ledgers import actions
from dangjian.ledgers.models import SupervisionNotice
from dangjian.testing import world


@pytest.fixture
def overdue_problem(community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="垃圾分类亭损坏",
                                     category="service", source="self",
                                     deadline=timezone.localdate() - timedelta(days=2))
    assert problem.is_overdue
    return problem


@pytest.fixture
def fresh_process(monkeypatch):
    monkeypatch.setattr(daily, "_checked_for", None)


def test_the_first_request_of_the_day_supervises_what_is_overdue(client, overdue_problem, fresh_process):
    DailyRun.objects.all().delete()
    with override_settings(DAILY_JOBS="inline"):
        client.get("/login/")
    run = DailyRun.objects.get(day=timezone.localdate())
    assert run.finished is not None and run.created_count > 0 and not run.error
    assert SupervisionNotice.objects.filter(problem=overdue_problem).exists()
    notices = SupervisionNotice.objects.count()
    with override_settings(DAILY_JOBS="inline"):
        client.get("/login/")
    daily._checked_for = None  # another worker process
    with override_settings(DAILY_JOBS="inline"):
        client.get("/login/")
    assert DailyRun.objects.count() == 1 and SupervisionNotice.objects.count() == notices


def test_cron_and_requests_share_the_day(client, overdue_problem, fresh_process):
    DailyRun.objects.all().delete()
    call_command("remind", stdout=StringIO())
    assert DailyRun.objects.get(day=timezone.localdate()).finished is not None
    notices = SupervisionNotice.objects.count()
    with override_settings(DAILY_JOBS="inline"):
        client.get("/login/")
    assert DailyRun.objects.count() == 1 and SupervisionNotice.objects.count() == notices


def test_switched_off_where_cron_is_preferred(client, overdue_problem, fresh_process):
    DailyRun.objects.all().delete()
    client.get("/login/")  # the suite runs with DAILY_JOBS="0"
    assert not DailyRun.objects.exists()
