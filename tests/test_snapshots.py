"""Stored figures equal the live ones, for every metric, and go stale when a record below them changes."""

from datetime import date, timedelta

import pytest

from dangjian.core import grouped, metrics, snapshots
from dangjian.core.roles import WHOLE_SUBTREE
from dangjian.core.snapshots import MetricSnapshot
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.testing import world

pytestmark = pytest.mark.django_db


def _year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _levels(street):
    """The organizations figures are asked for: the street, its communities, its branches, its two-new units."""
    below = Organization.objects.filter(path__startswith=street.path).order_by("path")
    return {
        "street": [street],
        "communities": [o for o in below if o.kind == OrgKind.COMMUNITY_COMMITTEE],
        "branches": [o for o in below if o.depth == street.depth + 2],
        "two_new": [o for o in below if o.kind == OrgKind.TWO_NEW_ORG],
    }


@pytest.mark.parametrize("level", ["street", "communities", "branches", "two_new"])
def test_grouped_figures_equal_one_by_one_for_every_metric(level):
    street = world.street()
    orgs = _levels(street)[level]
    assert orgs
    # The twelve months up to today: the world's records fill them on any day (on 1 January this year holds one day).
    from django.utils import timezone

    end = timezone.localdate()
    start = end - timedelta(days=364)
    scope = metrics.Scope()
    keys = [m.key for m in metrics.all_metrics()]
    got = grouped.compute([(k, o) for k in keys for o in orgs], scope, start, end)
    for key in keys:
        expected = [metrics.value(key, scope, o, start, end) for o in orgs]
        assert [got[(key, o.pk)] for o in orgs] == expected, key
    if level == "communities":  # the world's records reach these figures: a comparison of zeros proves nothing
        assert sum(1 for k in keys if any(got[(k, o.pk)] for o in orgs)) >= len(keys) * 2 // 3


def _pairs(keys, orgs):
    return [(k, o) for k in keys for o in orgs]


@pytest.mark.parametrize("persona", ["street_admin", "district_viewer", "secretary_a"])
def test_stored_figures_are_what_each_reader_would_count_live(persona):
    """The roles that read stored figures (counted for the system) see every counted row below them."""
    user = world.user(world.PERSONAS[persona])
    held = RoleAssignment.objects.filter(user=user).select_related("organization").first()
    assert held.role in WHOLE_SUBTREE
    top = held.organization
    below = list(Organization.objects.filter(path__startswith=top.path, depth=top.depth + 1).order_by("path")[:20])
    orgs = [top, *below]
    start, end = date(_year(), 1, 1), date(_year(), 12, 31)
    keys = [m.key for m in metrics.all_metrics()]
    scope = metrics.Scope(user)
    assert snapshots.readable(scope, orgs)
    stored = snapshots.values(_pairs(keys, orgs), scope, start, end)
    live = grouped.compute(_pairs(keys, orgs), scope, start, end)
    assert {k: stored[k] for k in live} == live
    assert MetricSnapshot.objects.filter(start=start, end=end, organization__in=orgs).exists()


def test_others_get_figures_counted_under_their_own_scope():
    cadre = world.user(world.PERSONAS["cadre"])
    street = world.street()
    assert not any(a.role in WHOLE_SUBTREE for a in RoleAssignment.objects.filter(user=cadre))
    start, end = date(_year(), 1, 1), date(_year(), 12, 31)
    figures = snapshots.values([("problems_found", street)], metrics.Scope(cadre), start, end)
    assert figures[("problems_found", street.pk)] == metrics.value("problems_found", metrics.Scope(cadre), street,
                                                                   start, end)
    assert figures.taken_at is None and not MetricSnapshot.objects.exists()


def _problem(org, found_on):
    from dangjian.ledgers.models import Problem

    sample = Problem.objects.filter(organization__path__startswith=org.path).first()
    sample.pk = None
    sample.organization = org
    sample.found_on = found_on
    sample.save()
    return sample


def test_a_change_marks_its_organization_and_those_above_stale_and_the_next_refresh_counts_it(
        community_a, community_b):
    street = world.street()
    start, end = date(_year(), 1, 1), date(_year(), 12, 31)
    orgs = [street, community_a, community_b]
    before = snapshots.values(_pairs(["problems_found"], orgs), metrics.Scope(), start, end)
    assert MetricSnapshot.objects.filter(stale=True).count() == 0
    _problem(community_a, date(_year(), 3, 1))
    snapshots.flush()
    stale = set(MetricSnapshot.objects.filter(stale=True).values_list("organization_id", flat=True))
    assert stale == {street.pk, community_a.pk}  # the sibling community is untouched
    assert snapshots.refresh() == 2
    after = {s.organization_id: s.value for s in MetricSnapshot.objects.all()}
    for org in orgs:
        live = metrics.value("problems_found", metrics.Scope(), org, start, end)
        assert after[org.pk] == live
    assert after[community_a.pk] == before[("problems_found", community_a.pk)] + 1
    assert after[community_b.pk] == before[("problems_found", community_b.pk)]
    assert not MetricSnapshot.objects.filter(stale=True).exists()


def test_a_value_changed_while_it_was_recomputed_stays_stale(community_a, monkeypatch):
    start, end = date(_year(), 1, 1), date(_year(), 12, 31)
    snapshots.values([("problems_found", community_a)], metrics.Scope(), start, end)
    _problem(community_a, date(_year(), 3, 1))
    snapshots.flush()
    real = grouped.compute

    def racing(*args, **kwargs):  # another request records a problem while the job counts
        result = real(*args, **kwargs)
        _problem(community_a, date(_year(), 3, 2))
        snapshots.flush()
        return result

    monkeypatch.setattr(grouped, "compute", racing)
    assert snapshots.refresh() == 0
    monkeypatch.setattr(grouped, "compute", real)
    assert snapshots.refresh() == 1
    snap = MetricSnapshot.objects.get()
    assert snap.value == metrics.value("problems_found", metrics.Scope(), community_a, start, end)


def test_a_period_still_running_is_counted_again_each_day_and_a_past_one_is_not(community_a, time_machine):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    year_end, so_far = date(today.year, 12, 31), today
    for end in (year_end, so_far):
        snapshots.values([("tasks_due", community_a)], metrics.Scope(), date(today.year, 1, 1), end)
    assert not any(snapshots._expired(s, today) for s in MetricSnapshot.objects.all())
    time_machine.move_to(timezone.now() + timedelta(days=1))
    tomorrow = timezone.localdate()
    assert {s.end: snapshots._expired(s, tomorrow) for s in MetricSnapshot.objects.all()} == {
        year_end: today != year_end, so_far: False}
    assert snapshots.refresh() == (1 if today != year_end else 0)
    assert not any(snapshots._expired(s, tomorrow) for s in MetricSnapshot.objects.all())


def test_a_rule_for_everyone_marks_every_snapshot_stale(community_a, street):
    from dangjian.members.models import MeetingRequirement

    start, end = date(_year(), 1, 1), date(_year(), 12, 31)
    snapshots.values(_pairs(["meetings_held"], [street, community_a]), metrics.Scope(), start, end)
    rule = MeetingRequirement.objects.first()
    rule.save()
    snapshots.flush()
    assert MetricSnapshot.objects.filter(stale=True).count() == 2


def test_a_link_between_records_marks_the_snapshot_stale(community_a):
    from dangjian.coop.models import JointActivity
    from dangjian.members.models import PartyMember

    activity = JointActivity.objects.create(organization=community_a, title="共建活动", date=date(_year(), 1, 1))
    # Its own activity and someone to unlink: on 1 January the world holds no activity of this year yet.
    activity.members.add(PartyMember.objects.filter(branch__path__startswith=community_a.path).first())
    org = activity.organization
    start, end = date(_year(), 1, 1), date(_year(), 12, 31)
    snapshots.values([("joint_activities", org)], metrics.Scope(), start, end)
    snapshots.flush()
    MetricSnapshot.objects.update(stale=False)
    activity.members.clear()
    snapshots.flush()
    assert MetricSnapshot.objects.get().stale


def test_old_snapshots_of_odd_periods_are_dropped_and_months_kept(community_a):
    from dangjian.core.snapshots import clean

    year = _year()
    for start, end in ((date(year, 1, 1), date(year, 1, 17)), (date(year, 1, 1), date(year, 1, 31))):
        snapshots.values([("problems_found", community_a)], metrics.Scope(), start, end)
    assert clean(date(year, 3, 1)) == 1
    assert list(MetricSnapshot.objects.values_list("end", flat=True)) == [date(year, 1, 31)]


def test_a_page_shows_a_stale_figure_with_its_time_and_leaves_the_recount_to_the_queue(login, street, monkeypatch):
    """With a worker running jobs apart (not inline, as in tests), a page never recounts a stale figure."""
    from django.core.cache import cache
    from django.urls import reverse

    from dangjian.core import snapshot_jobs

    cache.delete("dangjian:snapshots:refresh-queued")
    client = login("street_admin")
    url = reverse("assessment:analysis")
    first = client.get(url, {"within": street.pk})
    assert first.status_code == 200 and "统计的结果" in first.content.decode()
    queued = []
    monkeypatch.setattr(snapshots, "_ran_inline", lambda: False)
    monkeypatch.setattr(snapshot_jobs.refresh_stale, "later", lambda: queued.append(1))
    MetricSnapshot.objects.update(stale=True)
    before = {s.pk: (s.value, s.computed_at) for s in MetricSnapshot.objects.all()}
    page = client.get(url, {"within": street.pk}).content.decode()
    assert "正在按最新记录更新" in page and queued == [1]
    assert {s.pk: (s.value, s.computed_at) for s in MetricSnapshot.objects.all()} == before
    client.get(url, {"within": street.pk})
    assert queued == [1]  # one refresh queued for many views
    snapshot_jobs.refresh_stale()
    assert "正在按最新记录更新" not in client.get(url, {"within": street.pk}).content.decode()


def test_the_nightly_count_leaves_the_committees_pages_nothing_to_count(login, street):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from dangjian.core import snapshot_jobs

    assert "预先统计" in snapshot_jobs.warm(timezone.localdate())
    client = login("street_admin")
    for url, params in ((reverse("assessment:analysis"), {"within": street.pk}),
                        (reverse("reports:annual"), {"within": street.pk}),
                        (reverse("reports:dashboard"), {"within": street.pk})):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        writes = [q["sql"] for q in queries if "core_metricsnapshot" in q["sql"] and "INSERT" in q["sql"]]
        assert writes == [], url
