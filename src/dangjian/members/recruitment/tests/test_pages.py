"""The pipeline's pages: scope, step forms posted as a browser posts them, the 台账, the list's query count, the
to-do items, reminders, figures and the member page's card."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse

from dangjian.core.models import Notification
from dangjian.members.models import Candidate, CandidateStep, PartyMember
from dangjian.members.recruitment import rules
from dangjian.members.recruitment.choices import Stage, Step
from dangjian.people import idcard
from dangjian.testing import world
from dangjian.testing.browser_form import main_form
from dangjian.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def _in(letter, **lookups):
    return (Candidate.objects.filter(branch__path__startswith=world.community(letter).path, **lookups)
            .select_related("branch").order_by("pk").first())


def _post_as_browser(client, url, **values):
    page = client.get(url)
    assert page.status_code == 200
    form = main_form(page.content.decode(), url)
    data = form.data()
    data.update({k: str(v) for k, v in values.items()})
    return client.post(form.action or url, data)


def test_it_hides_a_sibling_communitys_candidates(login):
    theirs = _in("b")
    client = login("secretary_a")
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.get(reverse("recruitment:step", args=[theirs.pk, "talk"])).status_code == 404
    assert client.post(reverse("recruitment:step", args=[theirs.pk, "talk"]), {}).status_code == 404
    listed = client.get(reverse("recruitment:candidate_list")).content.decode()
    assert theirs.person.name not in listed and _in("a").person.name in listed
    assert login("member").get(_in("a").get_absolute_url()).status_code == 404


def test_it_refuses_approvals_to_the_branch(login):
    waiting = _in("a", next_step=Step.PREREVIEW)
    url = reverse("recruitment:step", args=[waiting.pk, "prereview"])
    assert login("branch_secretary").post(url, {"date": date.today().isoformat()}).status_code == 403
    assert login("cadre").post(url, {"date": date.today().isoformat()}).status_code == 403
    assert Candidate.objects.get(pk=waiting.pk).prereviewed_on is None
    page = login("branch_secretary").get(waiting.get_absolute_url()).content.decode()
    assert url not in page  # no button for what the branch may not do
    assert url in login("secretary_a").get(waiting.get_absolute_url()).content.decode()
    response = _post_as_browser(login("secretary_a"), url, date=date.today())
    assert response.status_code == 302
    assert Candidate.objects.get(pk=waiting.pk).prereviewed_on == date.today()


def test_it_takes_a_step_posted_as_a_browser_and_refuses_one_too_early(login):
    applicant = _in("a", stage=Stage.APPLICANT)
    client = login("branch_secretary")
    url = reverse("recruitment:step", args=[applicant.pk, "talk"])
    early = applicant.applied_on - timedelta(days=1)
    response = _post_as_browser(client, url, date=early, talk_by="王书记")
    assert response.status_code == 200
    assert f"（{rules.cn_date(applicant.applied_on)}）" in response.content.decode()
    assert Candidate.objects.get(pk=applicant.pk).talked_on is None
    response = _post_as_browser(client, url, date=date.today(), talk_by="王书记", note="了解入党动机")
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.talked_on, applicant.next_step) == (date.today(), Step.ACTIVIST)
    # The activist form offers only the branch's full members as contacts, and takes two of them.
    url = reverse("recruitment:step", args=[applicant.pk, "activist"])
    html = client.get(url).content.decode()
    full = list(PartyMember.objects.filter(branch=applicant.branch, category="full", status="normal"))
    others = PartyMember.objects.exclude(branch=applicant.branch).first()
    assert f'value="{others.pk}"' not in html
    response = _post_as_browser(client, url, date=date.today(), contact_1=full[0].pk, contact_2=full[1].pk)
    assert response.status_code == 302
    assert Candidate.objects.get(pk=applicant.pk).stage == Stage.ACTIVIST


def test_it_registers_an_application_with_a_new_person(login):
    branch = _in("a").branch
    client = login("branch_secretary")
    number = idcard.make("110101", date(2000, 6, 1), 42, "M")
    url = reverse("recruitment:apply")
    response = _post_as_browser(client, url, branch=branch.pk, name="周新", id_number=number,
                                applied_on=date.today())
    assert response.status_code == 302, response.context["form"].errors
    c = Candidate.objects.get(person__name="周新")
    assert (c.branch, c.stage, c.next_step) == (branch, Stage.APPLICANT, Step.TALK)
    assert CandidateStep.objects.filter(candidate=c, step=Step.APPLY).exists()
    assert login("cadre").post(url, {"branch": branch.pk, "name": "某人"}).status_code == 403


def test_the_list_filters_overdue_and_exports_the_ledger(login):
    from openpyxl import load_workbook

    client = login("street_admin")
    overdue = client.get(reverse("recruitment:candidate_list") + "?overdue=true").content.decode()
    late = Candidate.objects.filter(next_due__lt=date.today()).select_related("person")
    assert late.exists() and all(c.person.name in overdue for c in late[:5])
    response = client.get(reverse("recruitment:candidate_list") + "?format=xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [c.value for c in sheet[3]]
    assert "支部大会通过日期" in headers and "入党介绍人" in headers
    assert sheet.max_row - 3 == Candidate.objects.filter(branch__path__startswith=world.street().path).count()


def _add_applicants(branch, start, n):
    from dangjian.people.models import Person

    for k in range(start, start + n):
        person = Person.objects.create(organization=branch, name=f"申请人{k}",
                                       id_number=idcard.make("110101", date(1995, 1, 1), 100 + k, "F"))
        Candidate.objects.create(person=person, branch=branch, applied_on=date.today(), next_step=Step.TALK)


def test_the_list_asks_the_same_number_of_queries_at_two_sizes(login):
    client = login("street_admin")
    url = reverse("recruitment:candidate_list")
    branch = _in("a").branch
    _add_applicants(branch, 0, 15)  # more than a page either way
    client.get(url)  # the session's first request saves it: not the page's cost
    status, small = count_queries(client, url)
    assert status == 200
    _add_applicants(branch, 15, 40)
    status, large = count_queries(client, url)
    assert large == small


def test_it_lists_due_steps_and_approvals_in_the_to_do_lists(login):
    from dangjian.members.recruitment.todo import recruitment_approvals, recruitment_due

    due = list(recruitment_due(world.user("branch")))
    assert due and all(c.next_step not in ("prereview", "approve", "convert_approve") for c in due)
    approvals = list(recruitment_approvals(world.user("secretary_a")))
    assert approvals and all(c.branch.path.startswith(world.community("a").path) for c in approvals)
    assert list(recruitment_approvals(world.user("branch"))) == []


def test_the_daily_reminders_name_overdue_steps_once():
    from dangjian.members.recruitment.reminders import recruitment_reminders
    from dangjian.testing import clock

    later = date.today() + timedelta(days=45)  # the seeded applicants' talks (due within a month) are overdue
    with clock.at(later):
        assert recruitment_reminders(later) > 0
        assert Notification.objects.filter(key__startswith="recruitment:overdue:",
                                           user__username="branch").exists()
        assert Notification.objects.filter(key__startswith="recruitment:approve:",
                                           user__username="secretary_a").exists()
        assert recruitment_reminders(later) == 0


def test_the_figures_count_stages_per_community():
    from dangjian.core.metrics import get

    community = world.community("a")
    today = date.today()
    for key, stage in (("recruit_applicants", Stage.APPLICANT), ("recruit_probationary", Stage.PROBATIONARY)):
        rows = get(key).rows(Candidate.objects.all(), community, today, today)
        assert rows.count() == Candidate.objects.filter(branch__path__startswith=community.path, stage=stage).count()
    year = get("recruit_new_members").rows(Candidate.objects.all(), community, today - timedelta(days=365), today)
    assert year.count() >= 1


def test_the_member_page_shows_the_pipeline_card(login):
    c = _in("a", stage=Stage.PROBATIONARY)
    html = login("secretary_a").get(c.member.get_absolute_url()).content.decode()
    assert 'data-testid="recruitment-panel"' in html and c.get_absolute_url() in html


def test_the_api_lists_only_candidates_in_scope(login):
    data = login("secretary_b").get("/api/recruitment/candidates/?page_size=500").json()
    rows = data["results"] if isinstance(data, dict) else data
    ids = {r["id"] for r in rows}
    assert _in("b").pk in ids and _in("a").pk not in ids
