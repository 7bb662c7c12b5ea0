"""流动党员: a member going out becomes 流动 (and 正常 on return) with history; the stay is counted in the community
of the member's branch, an in-flowing member in the community of the branch they joined; a stay without contact
for six months waits for the branch secretary; the sibling community sees none of it."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core import todo as todo_registry
from dangjian.core.crypto import decrypt
from dangjian.members.choices import Status
from dangjian.members.models import OrgLifeMeeting, PartyMember
from dangjian.members.models.mobile import Inflow, InflowParticipation, Outflow, OutflowContact
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.people.models import Person
from dangjian.testing import world
from dangjian.testing.browser_form import main_form

pytestmark = pytest.mark.django_db


def _branch(letter="a"):
    return Organization.objects.filter(path__startswith=world.community(letter).path,
                                       kind=OrgKind.BRANCH).order_by("path").first()


def _normal_member(letter="a"):
    return (PartyMember.objects.filter(branch=_branch(letter), status=Status.NORMAL, outflows__isnull=True)
            .exclude(person__user__isnull=False).order_by("pk").first())


def _go_out(client, member, start, **extra):
    data = {"member": member.pk, "place": "广东省深圳市南山区", "unit": "某科技公司", "phone": "13912345678",
            "card_number": "LD2026000123", "card_issued": start.isoformat(), "host_org": "南山区流动党员党支部",
            "host_contact": "王书记 0755-1234567", "start": start.isoformat(), "expected_return": "", "note": ""}
    return client.post(reverse("mobile:outflow_add"), {**data, **extra})


def test_it_marks_a_member_mobile_when_they_go_out_and_normal_when_they_return(login):
    member = _normal_member()
    client = login("branch")
    start = timezone.localdate() - timedelta(days=20)
    response = _go_out(client, member, start)
    assert response.status_code == 302, response.content.decode()[:3000]
    stay = Outflow.objects.get(member=member)
    member.refresh_from_db()
    assert member.status == Status.MOBILE and member.status_date == start
    assert stay.phone == "13912345678"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM members_outflow WHERE id = %s", [stay.pk])
        stored = cursor.fetchone()[0]
    assert stored != "13912345678" and decrypt(stored) == "13912345678"
    page = client.get(stay.get_absolute_url()).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    assert LogEntry.objects.get_for_object(member).filter(additional_data__step="外出流动").exists()
    # A second open stay for the same member is refused.
    assert _go_out(client, member, start).status_code == 200
    assert Outflow.objects.filter(member=member).count() == 1

    back = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("mobile:outflow_return", kwargs={"pk": stay.pk}), {"on": back.isoformat()})
    assert response.status_code == 302
    stay.refresh_from_db()
    member.refresh_from_db()
    assert stay.returned_on == back and member.status == Status.NORMAL and member.status_date == back
    assert LogEntry.objects.get_for_object(member).filter(additional_data__step="流动党员返回").exists()
    # A returned stay is history: no longer edited.
    assert client.get(reverse("mobile:outflow_edit", kwargs={"pk": stay.pk})).status_code == 409


def test_it_counts_mobile_members_in_the_right_community():
    today = timezone.localdate()
    member_a = _normal_member("a")
    out = Outflow.objects.create(member=member_a, place="上海市浦东新区", start=today - timedelta(days=10))
    person = Person.objects.create(organization=_branch("b"), name="流入甲", gender="M")
    inflow = Inflow.objects.create(person=person, branch=_branch("b"), home_org="外省某支部",
                                   start=today - timedelta(days=10))
    a, b = world.community("a"), world.community("b")
    out_metric, in_metric = metrics.get("mobile_out"), metrics.get("mobile_in")
    assert out in out_metric.rows(Outflow.objects.all(), a, today, today)
    assert out not in out_metric.rows(Outflow.objects.all(), b, today, today)
    assert inflow in in_metric.rows(Inflow.objects.all(), b, today, today)
    assert inflow not in in_metric.rows(Inflow.objects.all(), a, today, today)
    # Counted per community in one grouped query, as the figures pages read them (core.grouped).
    values = metrics.values_many([("mobile_out", a), ("mobile_out", b), ("mobile_in", a), ("mobile_in", b)],
                                 metrics.Scope(), today, today)
    expected_out = {org: Outflow.objects.filter(member__branch__path__startswith=org.path, start__lte=today,
                                                returned_on__isnull=True).count() for org in (a, b)}
    assert values[("mobile_out", a.pk)] == expected_out[a] and values[("mobile_out", b.pk)] == expected_out[b]
    assert values[("mobile_in", b.pk)] >= 1
    # A stay that has ended by the period's end is not counted.
    Outflow.objects.filter(pk=out.pk).update(returned_on=today - timedelta(days=1))
    assert out not in out_metric.rows(Outflow.objects.all(), a, today, today)


def test_it_asks_the_branch_secretary_after_six_months_without_contact(login):
    member = _normal_member()
    today = timezone.localdate()
    stay = Outflow.objects.create(member=member, place="北京市朝阳区", start=today - timedelta(days=200))
    item = todo_registry.get("outflows_without_contact")
    assert stay in item.rows(world.user("branch"))
    assert stay not in item.rows(world.user("secretary_b"))
    client = login("branch")
    response = client.post(reverse("mobile:outflow_contact", kwargs={"pk": stay.pk}),
                           {"date": today.isoformat(), "note": "电话联系，情况良好"})
    assert response.status_code == 302
    assert OutflowContact.objects.filter(outflow=stay).count() == 1
    assert stay not in item.rows(world.user("branch"))


def test_it_records_an_inflowing_member_at_the_branch_meeting(login):
    branch = _branch()
    today = timezone.localdate()
    person = Person.objects.create(organization=branch, name="流入乙", gender="F")
    client = login("branch")
    response = client.post(reverse("mobile:inflow_add"), {
        "person": person.pk, "branch": branch.pk, "home_org": "河南省信阳市某村党支部", "home_place": "河南省信阳市",
        "card_number": "LD123", "join_date": "", "start": (today - timedelta(days=200)).isoformat(), "end": "",
        "note": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    inflow = Inflow.objects.get(person=person)
    meeting = OrgLifeMeeting.objects.filter(organization=branch, date__gte=inflow.start,
                                            date__lte=today).order_by("-date").first()
    if meeting is not None:
        response = client.post(reverse("mobile:inflow_participation", kwargs={"pk": inflow.pk}),
                               {"meeting": meeting.pk, "date": "", "note": ""})
        assert response.status_code == 302
        assert InflowParticipation.objects.filter(inflow=inflow, meeting=meeting, date=meeting.date).exists()
    response = client.post(reverse("mobile:inflow_participation", kwargs={"pk": inflow.pk}),
                           {"meeting": "", "date": today.isoformat(), "note": "参加社区志愿服务"})
    assert response.status_code == 302
    assert InflowParticipation.objects.filter(inflow=inflow, note="参加社区志愿服务").exists()
    # A party member of the platform is not registered as in-flowing.
    response = client.post(reverse("mobile:inflow_add"), {
        "person": _normal_member().person_id, "branch": branch.pk, "home_org": "外地", "start": today.isoformat()})
    assert response.status_code == 200 and "已是本平台" in response.content.decode()


def test_it_round_trips_the_outflow_and_inflow_forms_unchanged(login):
    member = _normal_member()
    today = timezone.localdate()
    client = login("branch")
    assert _go_out(client, member, today - timedelta(days=30), expected_return=(today + timedelta(days=90))
                   .isoformat()).status_code == 302
    stay = Outflow.objects.get(member=member)
    person = Person.objects.create(organization=_branch(), name="流入丙", gender="M")
    inflow = Inflow.objects.create(person=person, branch=_branch(), home_org="外省某支部",
                                   start=today - timedelta(days=40), join_date=today - timedelta(days=4000))
    for obj, name in ((stay, "mobile:outflow_edit"), (inflow, "mobile:inflow_edit")):
        url = reverse(name, kwargs={"pk": obj.pk})
        page = client.get(url)
        assert page.status_code == 200
        response = client.post(url, main_form(page.content.decode(), url).data())
        assert response.status_code == 302, response.content.decode()[:3000]
    before = (stay.start, stay.expected_return, stay.card_issued, stay.phone)
    stay.refresh_from_db()
    assert (stay.start, stay.expected_return, stay.card_issued, stay.phone) == before
    inflow_before = (inflow.start, inflow.join_date)
    inflow.refresh_from_db()
    assert (inflow.start, inflow.join_date) == inflow_before


def test_the_outflow_edit_page_never_sends_the_full_phone_back(login):
    member = _normal_member()
    client = login("branch")
    assert _go_out(client, member, timezone.localdate() - timedelta(days=10)).status_code == 302
    stay = Outflow.objects.get(member=member)
    url = reverse("mobile:outflow_edit", kwargs={"pk": stay.pk})
    page = client.get(url).content.decode()
    assert "13912345678" not in page and "139****5678" in page
    # Left empty, the stored number is kept; a new one typed replaces it.
    assert client.post(url, main_form(page, url).data()).status_code == 302
    stay.refresh_from_db()
    assert stay.phone == "13912345678"
    assert client.post(url, {**main_form(page, url).data(), "phone": "13800001111"}).status_code == 302
    stay.refresh_from_db()
    assert stay.phone == "13800001111"


def test_it_hides_mobile_records_of_the_sibling_community(login):
    today = timezone.localdate()
    stay = Outflow.objects.create(member=_normal_member("b"), place="杭州", start=today - timedelta(days=3))
    person = Person.objects.create(organization=_branch("b"), name="流入丁", gender="M")
    inflow = Inflow.objects.create(person=person, branch=_branch("b"), home_org="外地", start=today)
    client = login("secretary_a")
    for url in (stay.get_absolute_url(), inflow.get_absolute_url(),
                reverse("mobile:outflow_edit", kwargs={"pk": stay.pk}),
                reverse("mobile:inflow_edit", kwargs={"pk": inflow.pk})):
        assert client.get(url).status_code == 404
    assert client.post(reverse("mobile:outflow_return", kwargs={"pk": stay.pk}),
                       {"on": today.isoformat()}).status_code == 404
    stay.refresh_from_db()
    assert stay.returned_on is None


def test_it_shows_the_card_on_the_member_page(login):
    member = _normal_member()
    Outflow.objects.create(member=member, place="苏州工业园区", start=timezone.localdate() - timedelta(days=3))
    page = login("branch").get(member.get_absolute_url()).content.decode()
    assert 'data-testid="mobile-panel"' in page and "苏州工业园区" in page


def _between_check_and_save(monkeypatch, model, competitor):
    """Another request commits its row after this one's checks passed and before its INSERT (the race)."""
    checked = model.full_clean

    def full_clean(self, *args, **kwargs):
        checked(self, *args, **kwargs)
        competitor()

    monkeypatch.setattr(model, "full_clean", full_clean)


def test_a_second_open_stay_at_the_same_moment_is_refused_in_chinese(monkeypatch):
    from dangjian.core.workflow import Refused
    from dangjian.members.mobile import actions

    member = _normal_member()
    user = world.user("branch")
    start = timezone.localdate() - timedelta(days=5)
    _between_check_and_save(monkeypatch, Outflow,
                            lambda: Outflow.objects.create(member=member, place="浙江省杭州市", start=start))
    with pytest.raises(Refused) as refused:
        actions.save_outflow(user, Outflow(member=member, place="广东省深圳市", start=start))
    assert refused.value.status == 409 and "外出流动登记" in refused.value.text
    assert not Outflow.objects.filter(member=member).exists()  # the whole step rolled back


def test_a_meeting_registered_twice_at_the_same_moment_is_refused_in_chinese(monkeypatch):
    from dangjian.core.workflow import Refused
    from dangjian.members.mobile import actions

    branch = _branch()
    today = timezone.localdate()
    meeting = OrgLifeMeeting.objects.filter(organization=branch, date__lte=today).order_by("-date").first()
    assert meeting is not None
    person = Person.objects.create(organization=branch, name="流入丁", gender="M")
    inflow = Inflow.objects.create(person=person, branch=branch, home_org="外省某支部",
                                   start=meeting.date - timedelta(days=10))
    user = world.user("branch")
    _between_check_and_save(monkeypatch, InflowParticipation, lambda: InflowParticipation.objects.create(
        inflow=inflow, meeting=meeting, date=meeting.date))
    with pytest.raises(Refused) as refused:
        actions.record_participation(user, inflow, None, meeting=meeting)
    assert refused.value.status == 409 and "已登记参加该次组织生活" in refused.value.text


def test_the_seeded_mobile_members_show_their_stay_in_their_history(community_a):
    away = PartyMember.objects.filter(status=Status.MOBILE)
    assert away.exists()
    steps = {(e.object_pk, (e.additional_data or {}).get("step")) for e in LogEntry.objects.get_for_objects(away)}
    assert {(str(m.pk), "外出流动") for m in away} <= steps
