"""Weekly summaries: live figures, snapshot on submit, one row per unit-week, scope, lateness, reminders."""

from datetime import date, datetime, time, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from dangjian.assessment.summaries import actions, figures, reminders
from dangjian.assessment.summaries import rules as summaries
from dangjian.assessment.summaries.models import WeeklySummary
from dangjian.core import metrics
from dangjian.core.models import Notification
from dangjian.core.workflow import Refused
from dangjian.members.models import OrgLifeMeeting
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.testing import clock, world
from dangjian.testing.concurrency import race

WRITE = "/assessment/summaries/write/"


def _week(weeks_ago=2) -> date:
    return summaries.monday(timezone.localdate()) - timedelta(days=7 * weeks_ago)


def _meeting(org, day):
    branch = Organization.objects.filter(path__startswith=org.path, kind=OrgKind.BRANCH).first()
    return OrgLifeMeeting.objects.create(organization=branch, kind="committee_meeting", date=day, start_time=time(9),
                                         place="党群服务中心", topic="研究本月工作")


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def week(community_a):
    """A past week of community A with no summary yet (the seed writes a year of them)."""
    week = _week()
    WeeklySummary.objects.filter(organization=community_a, week_start=week).delete()
    return week


def _values(figures):
    return {f["key"]: f["value"] for f in figures}


def test_it_prefills_the_draft_with_the_metric_values_of_the_week(login, community_a, week):
    user = world.user("secretary_a")
    before = metrics.value("meetings_held", metrics.Scope(user), community_a, week, week + timedelta(days=6))
    _meeting(community_a, week + timedelta(days=2))  # Wednesday: counts
    _meeting(community_a, week + timedelta(days=7))  # the next Monday: the next week's
    actions.save_draft(user, community_a, week, "草稿里的小结", "下周计划")

    page = login("secretary_a").get(WRITE, {"within": community_a.pk, "week": week.isoformat()})

    assert page.status_code == 200
    shown = _values(page.context["figures"])
    assert list(shown) == figures.WEEK_FIGURES
    assert shown["meetings_held"] == before + 1
    for key, value in shown.items():
        assert value == metrics.value(key, metrics.Scope(user), community_a, week, week + timedelta(days=6)), key
    assert page.context["form"].initial == {"narrative": "草稿里的小结", "next_week": "下周计划"}
    assert "下周一当天结束前" in page.content.decode()


def test_it_opens_a_chooser_without_unit_and_week(login, community_a):
    page = login("secretary_a").get(WRITE)
    assert page.status_code == 200
    assert list(page.context["chooser"].fields["within"].queryset) == [community_a]


def test_it_snapshots_the_figures_on_submit_and_shows_later_records_beside_them(login, community_a, week):
    client = login("secretary_a")
    _meeting(community_a, week + timedelta(days=1))
    response = client.post(f"{WRITE}?within={community_a.pk}&week={week}", {"narrative": "本周召开支委会。",
                                                                         "submit": "1"})

    summary = WeeklySummary.objects.get(organization=community_a, week_start=week)
    assert response.status_code == 302 and response["Location"] == summary.get_absolute_url()
    assert summary.is_submitted and summary.submitted_by == world.user("secretary_a")
    live = _values(figures.week_figures(metrics.Scope(None), community_a, week))
    assert {k: v["value"] for k, v in summary.figures.items()} == {k: str(v) for k, v in live.items()}

    _meeting(community_a, week + timedelta(days=3))  # entered after submission
    page = client.get(summary.get_absolute_url())
    rows = {r["key"]: r for r in page.context["rows"]}
    assert rows["meetings_held"]["value"] == live["meetings_held"]
    assert rows["meetings_held"]["live"] == live["meetings_held"] + 1
    assert rows["problems_found"]["live"] is None


def test_it_refuses_to_change_a_submitted_summary(login, community_a, week):
    user = world.user("secretary_a")
    actions.submit(user, community_a, week, "已提交的小结")
    with pytest.raises(ValidationError, match="已经提交"):
        actions.save_draft(user, community_a, week, "改一改")

    client = login("secretary_a")
    url = f"{WRITE}?within={community_a.pk}&week={week}"
    summary = WeeklySummary.objects.get(organization=community_a, week_start=week)
    assert client.get(url)["Location"] == summary.get_absolute_url()
    page = client.post(url, {"narrative": "改一改", "draft": "1"}, follow=True)
    assert "已经提交，不能再修改" in page.content.decode()
    summary.refresh_from_db()
    assert summary.narrative == "已提交的小结"


def test_it_keeps_one_row_when_submitted_twice(login, community_a, week):
    client = login("secretary_a")
    url = f"{WRITE}?within={community_a.pk}&week={week}"
    client.post(url, {"narrative": "第一次", "submit": "1"})
    page = client.post(url, {"narrative": "第二次", "submit": "1"}, follow=True)
    assert WeeklySummary.objects.filter(organization=community_a, week_start=week).count() == 1
    assert WeeklySummary.objects.get(organization=community_a, week_start=week).narrative == "第一次"
    assert "已经提交" in page.content.decode()


def test_it_turns_a_lost_insert_race_into_a_message(monkeypatch, community_a, week):
    def collide(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(WeeklySummary.objects, "get_or_create", collide)
    with pytest.raises(ValidationError, match="刚刚已由他人保存或提交"):
        actions.submit(world.user("secretary_a"), community_a, week, "小结")


def test_it_needs_a_narrative_to_submit_and_refuses_future_weeks(community_a, week):
    user = world.user("secretary_a")
    with pytest.raises(ValidationError, match="工作小结"):
        actions.submit(user, community_a, week, "  ")
    with pytest.raises(ValidationError, match="提前"):
        actions.save_draft(user, community_a, summaries.monday(timezone.localdate()) + timedelta(days=7), "x")
    assert not WeeklySummary.objects.filter(organization=community_a, week_start=week).exists()


def test_it_hides_another_communitys_summaries_from_a_secretary(login, community_a, community_b, week):
    client = login("secretary_a")
    assert client.get(WRITE, {"within": community_b.pk, "week": week.isoformat()}).status_code == 404
    assert client.post(f"{WRITE}?within={community_b.pk}&week={week}", {"narrative": "x", "submit": "1"}).status_code \
        == 404
    theirs = WeeklySummary.objects.filter(organization=community_b).first()
    assert client.get(theirs.get_absolute_url()).status_code == 404
    listed = client.get("/assessment/summaries/", {"within": "", "page": 1}).context["object_list"]
    assert {s.organization_id for s in listed} == {community_a.pk}
    assert client.get("/assessment/summaries/", {"within": community_b.pk}).status_code == 200  # not a choice
    assert login("cadre").get(WRITE, {"within": community_a.pk, "week": week.isoformat()}).status_code == 403
    assert login("cadre").post(WRITE, {"narrative": "x", "submit": "1"}).status_code == 403
    with pytest.raises(Refused) as refused:
        actions.submit(world.user("secretary_a"), community_b, week, "x")
    assert refused.value.status == 404
    assert not WeeklySummary.objects.filter(organization=community_b, week_start=week, narrative="x").exists()


def test_it_lists_missing_and_late_weeks_and_not_on_time_ones(login, community_a, community_b):
    today = date(timezone.localdate().year, 6, 10)  # mid-year: weeks 1–4 back are this year's
    weeks = summaries.owed_weeks(today)
    on_time, late_week, missing, drafted = weeks[1], weeks[2], weeks[3], weeks[4]
    WeeklySummary.objects.filter(organization=community_a).delete()
    WeeklySummary.objects.bulk_create([
        WeeklySummary(organization=community_a, week_start=on_time, narrative="按时",
                      submitted_at=_at(summaries.due_date(on_time), 23, 59)),
        WeeklySummary(organization=community_a, week_start=late_week, narrative="晚了",
                      submitted_at=_at(summaries.due_date(late_week) + timedelta(days=1), 0, 30)),
        WeeklySummary(organization=community_a, week_start=drafted, narrative="草稿"),
    ])

    rows = {(r.organization.pk, r.week_start): r for r in summaries.late(world.user("secretary_a"), None, today)}

    assert (community_a.pk, on_time) not in rows
    assert rows[(community_a.pk, late_week)].days == 1 and rows[(community_a.pk, late_week)].status == "逾期提交"
    assert rows[(community_a.pk, missing)].status == "未报送"
    assert rows[(community_a.pk, missing)].days == (today - summaries.due_date(missing)).days
    assert rows[(community_a.pk, drafted)].status == "草稿未提交"
    assert all(org_pk == community_a.pk for org_pk, _ in rows)
    street_rows = summaries.late(world.user("street"), None, today)
    assert {r.organization.pk for r in street_rows} >= {community_a.pk, community_b.pk}

    # The list page's SQL flag agrees at the Monday-midnight boundary, on either database.
    late_list = login("secretary_a").get("/assessment/summaries/", {"state": "late"}).context["object_list"]
    assert [s.week_start for s in late_list] == [late_week]


def test_it_shows_the_late_page_to_the_committee_and_the_secretary(login, community_a, community_b):
    # In June there are owed weeks whatever day the suite runs on (early January has none yet); A and B
    # submitted nothing this year, so both are late.
    WeeklySummary.objects.filter(organization__in=[community_a, community_b]).delete()
    with clock.at(date(timezone.localdate().year, 6, 10)):
        mine = login("secretary_a").get("/assessment/summaries/late/")
        assert mine.status_code == 200
        assert {r.organization.pk for r in mine.context["page_obj"].paginator.object_list} == {community_a.pk}
        street = login("street_admin").get("/assessment/summaries/late/")
        assert {community_a.pk, community_b.pk} <= {r.organization.pk for r in street.context["page_obj"].paginator
                                                   .object_list}
        narrowed = login("street_admin").get("/assessment/summaries/late/", {"within": community_b.pk})
        assert {r.organization.pk for r in narrowed.context["page_obj"].paginator.object_list} == {community_b.pk}
        assert f"?within={community_a.pk}&week=" in mine.content.decode()  # 补报 opens the write page
        assert login("secretary_a").get("/assessment/summaries/late/", {"within": community_b.pk}).status_code \
            == 404
        export = login("street_admin").get("/assessment/summaries/late/", {"format": "xlsx"})
        assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_exports_the_list(login):
    response = login("street_admin").get("/assessment/summaries/", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_reminds_the_secretary_once_on_monday(community_a, community_b):
    monday = summaries.monday(timezone.localdate())
    week = monday - timedelta(days=7)
    WeeklySummary.objects.filter(week_start=week).delete()
    WeeklySummary.objects.create(organization=community_b, week_start=week, narrative="已报",
                                 submitted_at=timezone.now())
    secretary_a, secretary_b = world.user("secretary_a"), world.user("secretary_b")
    key = f"weekly-summary:{community_a.pk}:{week.isoformat()}"

    assert reminders.weekly_summary_due(monday + timedelta(days=1)) == 0
    assert reminders.weekly_summary_due(monday) >= 1
    assert reminders.weekly_summary_due(monday) == 0
    assert Notification.objects.filter(user=secretary_a, key=key).count() == 1
    link = Notification.objects.get(user=secretary_a, key=key).url
    assert link.endswith(f"?within={community_a.pk}&week={week.isoformat()}")
    assert not Notification.objects.filter(user=secretary_b, key__startswith="weekly-summary:").exists()


def test_it_seeds_figures_that_match_the_metrics(community_a):
    seeded = WeeklySummary.objects.filter(organization=community_a, submitted_at__isnull=False).order_by(
        "-week_start")[:10]
    assert seeded
    nonzero = set()
    for summary in seeded:
        start, end = summary.week_start, summaries.week_end(summary.week_start)
        one_query = _values(figures.week_figures(metrics.Scope(None), community_a, start))
        one_by_one = {k: metrics.value(k, metrics.Scope(None), community_a, start, end) for k in figures.WEEK_FIGURES}
        assert one_query == one_by_one
        assert {k: v["value"] for k, v in summary.figures.items()} == {k: str(v) for k, v in one_by_one.items()}
        nonzero |= {k for k, v in one_by_one.items() if v}
    assert nonzero, "the tiny seed should give the recent weeks some records"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_one_row_under_simultaneous_submits():
    from dangjian.testing import seeded

    seeded.ensure()
    community, user = world.community("a"), world.user("secretary_a")
    week = _week(3)
    WeeklySummary.objects.filter(organization=community, week_start=week).delete()
    def submit(i):
        actions.submit(user, community, week, f"第{i}份")
        return "ok"

    done, refused = race(4, submit, refusals=(ValidationError,))
    outcomes = done + refused
    assert outcomes.count("ok") == 1 and len(outcomes) == 4, outcomes
    assert set(outcomes) - {"ok"} <= {actions.SUBMITTED, actions.RACE}, outcomes
    assert WeeklySummary.objects.filter(organization=community, week_start=week).count() == 1


def test_it_owes_no_week_before_the_go_live_date():
    from datetime import date as _date

    from django.test import override_settings

    from dangjian.assessment.summaries.rules import owed_weeks

    with override_settings(SUMMARIES_SINCE=_date(2026, 9, 16)):  # a Wednesday
        weeks = owed_weeks(_date(2026, 11, 28))
    assert weeks[-1] == _date(2026, 9, 21) and weeks[0] == _date(2026, 11, 16)
    with override_settings(SUMMARIES_SINCE=None):
        assert owed_weeks(_date(2026, 11, 28))[-1] == _date(2026, 1, 5)


def test_it_records_who_submitted_a_summary(login, community_a, week):
    client = login("secretary_a")
    url = f"{WRITE}?within={community_a.pk}&week={week}"
    assert client.post(url, {"narrative": "草稿", "draft": "1"}).status_code == 302
    assert client.post(url, {"narrative": "本周召开支委会。", "submit": "1"}).status_code == 302
    summary = WeeklySummary.objects.get(organization=community_a, week_start=week)
    secretary = world.user("secretary_a")
    entries = list(LogEntry.objects.get_for_object(summary).order_by("pk"))
    assert all(e.actor == secretary for e in entries) and entries[0].action == LogEntry.Action.CREATE
    submitted = entries[-1]
    assert submitted.additional_data == {"step": "提交周总结"} and "submitted_at" in submitted.changes_dict
    assert not client.get(summary.get_absolute_url()).context["may_write"]
