"""换届: a term's end is computed from its election; the secretary and the level above are reminded six and three
months before, once each however often the job runs; a term past its end waits in the level above's to-do list and
is counted in the figures; a new election closes the term before it; a sibling community sees none of it."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core import todo as todo_registry
from dangjian.core.dates import add_months, add_years
from dangjian.core.models import Notification
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.orgs.terms import CommitteeTerm
from dangjian.orgs.terms_reminders import term_reminders
from dangjian.testing import clock, world
from dangjian.testing.browser_form import main_form

pytestmark = pytest.mark.django_db


def _branch(letter="a"):
    """The first branch of community A (the branch persona's) or B."""
    return Organization.objects.filter(path__startswith=world.community(letter).path,
                                       kind=OrgKind.BRANCH).order_by("path").first()


def _term_ending(org, ends):
    """The organization's current term, made to end on `ends` (any earlier ones closed)."""
    CommitteeTerm.objects.filter(organization=org).delete()
    return CommitteeTerm.objects.create(organization=org, elected_on=add_years(ends, -3), years=3)


def _term_notices(term):
    return Notification.objects.filter(key__startswith=f"term:{term.pk}:")


def test_it_computes_the_end_from_the_election_and_the_rules_length():
    term = _term_ending(_branch(), timezone.localdate() + timedelta(days=500))
    assert term.ends_on == add_years(term.elected_on, 3)
    assert add_years(timezone.localdate().replace(year=2028, month=2, day=29), 3).isoformat() == "2031-02-28"


def test_it_reminds_six_months_before_exactly_once_even_when_the_job_runs_twice():
    branch = _branch()
    today = clock.test_today()
    term = _term_ending(branch, add_months(today, 6) - timedelta(days=1))
    with clock.pinned(today):
        first = term_reminders(today)
        again = term_reminders(today)
    notices = _term_notices(term)
    users = {n.user.username for n in notices}
    assert "branch" in users  # the branch's secretary
    assert "secretary_a" in users  # the level above: community A's secretary
    assert "secretary_b" not in users
    assert first >= 2 and again == 0
    assert {n.key for n in notices} == {f"term:{term.pk}:6m"}
    assert notices.filter(user__username="branch").count() == 1
    assert "六个月" in notices.first().body


def test_it_reminds_again_three_months_before_and_not_earlier_than_six():
    branch = _branch()
    today = clock.test_today()
    term = _term_ending(branch, add_months(today, 6) + timedelta(days=3))
    assert term_reminders(today) == 0 or not _term_notices(term).exists()  # more than six months away: nothing
    three_before = add_months(term.ends_on, -3)
    six_before = add_months(term.ends_on, -6)
    term_reminders(six_before)
    term_reminders(three_before)
    term_reminders(three_before)
    keys = set(_term_notices(term).filter(user__username="branch").values_list("key", flat=True))
    assert keys == {f"term:{term.pk}:6m", f"term:{term.pk}:3m"}


def test_it_lists_an_overdue_term_in_the_level_above_todo_and_counts_it(login):
    branch = _branch()
    today = timezone.localdate()
    term = _term_ending(branch, today - timedelta(days=5))
    item = todo_registry.get("terms_overdue")
    assert term in item.rows(world.user("secretary_a"))
    assert term not in item.rows(world.user("branch"))  # its own secretary is not the level above
    assert term not in item.rows(world.user("secretary_b"))
    response = login("secretary_a").get(reverse("orgs:term_list") + "?due=overdue")
    assert branch.name in response.content.decode()
    rows = metrics.get("terms_overdue").rows(CommitteeTerm.objects.all(), world.community("a"), today, today)
    assert term in rows
    rows_b = metrics.get("terms_overdue").rows(CommitteeTerm.objects.all(), world.community("b"), today, today)
    assert term not in rows_b


def test_it_closes_the_previous_term_when_the_next_election_is_recorded(login):
    branch = _branch()
    today = timezone.localdate()
    old = _term_ending(branch, today - timedelta(days=30))
    client = login("branch")
    elected = today - timedelta(days=2)
    response = client.post(reverse("orgs:term_add"), {
        "organization": branch.pk, "elected_on": elected.isoformat(), "years": "", "method": "competitive",
        "entitled": "25", "present": "23", "note": "党员大会差额选举"})
    assert response.status_code == 302, response.content.decode()[:3000]
    new = CommitteeTerm.objects.get(organization=branch, closed_on__isnull=True)
    old.refresh_from_db()
    assert old.closed_on == elected and new.elected_on == elected
    assert new.years == 3 and new.ends_on == add_years(elected, 3)
    assert LogEntry.objects.get_for_object(old).filter(additional_data__step="换届").exists()
    # The overdue to-do is gone with it.
    assert old not in todo_registry.get("terms_overdue").rows(world.user("secretary_a"))
    # An election before the current one's is refused, changing nothing.
    response = client.post(reverse("orgs:term_add"), {
        "organization": branch.pk, "elected_on": (elected - timedelta(days=1)).isoformat(), "years": "3",
        "method": "equal"})
    assert response.status_code == 200 and "选举日期应晚于" in response.content.decode()
    assert CommitteeTerm.objects.filter(organization=branch, closed_on__isnull=True).get() == new


def test_it_lets_only_the_level_above_approve(login):
    branch = _branch()
    term = _term_ending(branch, timezone.localdate() + timedelta(days=400))
    url = reverse("orgs:term_approve", kwargs={"pk": term.pk})
    data = {"on": timezone.localdate().isoformat(), "number": "东社党〔2026〕3号"}
    assert login("branch").post(url, data).status_code == 403
    assert login("secretary_b").post(url, data).status_code == 404
    assert login("secretary_a").post(url, data).status_code == 302
    term.refresh_from_db()
    assert term.approved_on == timezone.localdate() and term.approved_by_org == world.community("a")
    assert login("branch").get(reverse("orgs:term_edit", kwargs={"pk": term.pk})).status_code == 409


def test_it_round_trips_the_term_form_unchanged(login):
    branch = _branch()
    term = _term_ending(branch, timezone.localdate() + timedelta(days=400))
    client = login("branch")
    url = reverse("orgs:term_edit", kwargs={"pk": term.pk})
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, main_form(page.content.decode(), url).data())
    assert response.status_code == 302, response.content.decode()[:2000]
    before = (term.elected_on, term.years, term.ends_on)
    term.refresh_from_db()
    assert (term.elected_on, term.years, term.ends_on) == before


def test_it_hides_a_term_of_the_sibling_community(login):
    term = _term_ending(_branch("b"), timezone.localdate() + timedelta(days=100))
    client = login("secretary_a")
    assert client.get(term.get_absolute_url()).status_code == 404
    assert client.get(reverse("orgs:term_edit", kwargs={"pk": term.pk})).status_code == 404
    assert term.organization.name not in client.get(reverse("orgs:term_list")).content.decode()


def test_two_elections_recorded_at_the_same_moment_give_a_chinese_refusal(monkeypatch):
    """The race the row lock cannot see (no current term to lock yet) ends at `term_one_current`, as a 409."""
    from dangjian.core.workflow import Refused
    from dangjian.orgs import terms_actions

    branch = _branch()
    CommitteeTerm.objects.filter(organization=branch).delete()
    elected = timezone.localdate() - timedelta(days=3)
    checked = CommitteeTerm.full_clean

    def full_clean(self, *args, **kwargs):  # the other request commits between this one's checks and its INSERT
        checked(self, *args, **kwargs)
        CommitteeTerm.objects.create(organization=branch, elected_on=elected, years=3)

    monkeypatch.setattr(CommitteeTerm, "full_clean", full_clean)
    with pytest.raises(Refused) as refused:
        terms_actions.save_term(world.user("branch"), CommitteeTerm(organization=branch, elected_on=elected, years=3,
                                                                    method="equal"))
    assert refused.value.status == 409 and "未结束的任期" in refused.value.text
