"""四大员: the community appoints its supervisors and records what they found; another community sees none of it."""

from datetime import timedelta

from django.utils import timezone

from dangjian.governance.models import SupervisionRecord, Supervisor
from dangjian.people.models import Person

from .helpers import history


def _person(community):
    return Person.objects.filter(organization__path__startswith=community.path).order_by("pk").first()


def test_it_appoints_a_supervisor_and_records_their_supervision(login, community_a):
    client = login("secretary_a")
    person = _person(community_a)
    today = timezone.localdate()
    response = client.post("/governance/supervisors/add/", {
        "community": community_a.pk, "person": person.pk, "post": "conduct", "since": today.isoformat()})
    assert response.status_code == 302
    supervisor = Supervisor.objects.get(community=community_a, person=person, post="conduct")
    response = client.post("/governance/records/add/", {
        "community": community_a.pk, "supervisor": supervisor.pk, "subject": "funds", "date": today.isoformat(),
        "finding": "办公经费支出未按季公开", "follow_up": "已督促在公开栏公示"})
    assert response.status_code == 302
    record = SupervisionRecord.objects.get(supervisor=supervisor)
    assert record.get_subject_display() == "社区办公经费"
    assert history(record)[0].actor.username == "secretary_a"
    assert record in client.get("/governance/records/").context["object_list"]
    page = client.get("/governance/supervisors/").content.decode()
    assert person.name in page and "党风政风监督员" in page

    other = login("secretary_b")
    assert supervisor not in other.get("/governance/supervisors/").context["object_list"]
    assert record not in other.get("/governance/records/").context["object_list"]
    response = other.post("/governance/records/add/", {
        "community": community_a.pk, "supervisor": supervisor.pk, "subject": "funds", "date": today.isoformat(),
        "finding": "越权登记"})
    assert response.status_code == 200 and {"community", "supervisor"} <= set(response.context["form"].errors)
    assert not SupervisionRecord.objects.filter(finding="越权登记").exists()


def test_it_refuses_a_record_naming_another_communitys_supervisor_or_a_future_date(login, community_a, community_b):
    b_supervisor = Supervisor.objects.create(community=community_b, person=_person(community_b), post="affairs",
                                             since=timezone.localdate())
    client = login("street_admin")
    response = client.post("/governance/records/add/", {
        "community": community_a.pk, "supervisor": b_supervisor.pk, "subject": "policy",
        "date": (timezone.localdate() + timedelta(days=1)).isoformat(), "finding": "张冠李戴"})
    errors = response.context["form"].errors
    assert "不是本社区聘任的四大员" in errors["supervisor"][0] and "不能晚于今天" in errors["date"][0]
    assert not SupervisionRecord.objects.filter(finding="张冠李戴").exists()


def test_it_refuses_supervision_pages_writes_to_read_only_and_self_service_roles(login, community_a):
    data = {"community": community_a.pk, "person": _person(community_a).pk, "post": "advice",
            "since": timezone.localdate().isoformat()}
    for persona in ("cadre", "district_viewer", "member", "resident"):
        assert login(persona).post("/governance/supervisors/add/", data).status_code == 403, persona
    assert not Supervisor.objects.filter(post="advice", community=community_a, since=timezone.localdate()).exists()
