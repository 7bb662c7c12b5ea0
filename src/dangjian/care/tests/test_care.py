from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from dangjian.care.models import ArchiveGrant, AssistanceLevel, HelpGroup, HelpVisit, ResidentFile
from dangjian.core.models import ExportLog, Notification
from dangjian.members.models import PartyMember
from dangjian.orgs.models import Grid
from dangjian.testing import world


@pytest.fixture
def a_file(community_a):
    grid = Grid.objects.filter(organization__path__startswith=community_a.path).first()
    person = grid.organization.persons.first()
    level = AssistanceLevel.objects.get(level=1)
    f = ResidentFile.objects.create(organization=grid.organization, person=person, categories=["elderly_alone"],
                                    situation="独居", level=level, consent="self")
    ResidentFile.objects.filter(pk=f.pk).update(created=timezone.now() - timedelta(days=30))
    return ResidentFile.objects.get(pk=f.pk)


def test_it_opens_a_file_only_to_its_community_grid_help_group_and_grantees(login, a_file, community_a):
    url, api = f"/care/{a_file.pk}/", f"/api/resident-files/{a_file.pk}/"
    outsider = PartyMember.objects.filter(branch__path__startswith=community_a.path).exclude(
        person__user__isnull=False).first()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("helper", password="x")
    outsider.person.user = user
    outsider.person.save()
    from dangjian.orgs.models import RoleAssignment

    RoleAssignment.objects.create(user=user, organization=outsider.branch, role="member", start="2020-01-01")
    for persona in ("helper", "secretary_b", "street_admin"):
        client = login(persona)
        assert client.get(url).status_code == 404 and client.get(api).status_code == 404, persona
    assert login("secretary_a").get(url).status_code == 200
    group = HelpGroup.objects.create(file=a_file, kind="one_to_one")
    group.members.add(outsider.person)
    assert login("helper").get(url).status_code == 200
    ArchiveGrant.objects.create(user=world.user("street"), organization=community_a, reason="年度检查")
    assert login("street_admin").get(url).status_code == 200
    stats = login("street_admin").get("/care/stats/")
    assert stats.context["total"] >= ResidentFile.objects.filter(status="active").count() > 0


def test_it_logs_every_open_and_needs_a_reason_to_export(login, a_file):
    client = login("secretary_a")
    before = LogEntry.objects.filter(object_id=a_file.pk, action=LogEntry.Action.ACCESS).count()
    client.get(f"/care/{a_file.pk}/")
    client.get(f"/care/{a_file.pk}/")
    entries = LogEntry.objects.filter(object_id=a_file.pk, action=LogEntry.Action.ACCESS,
                                      content_type__model="residentfile")
    assert entries.count() == before + 2 and entries.first().actor.username == "secretary_a"
    response = client.post("/care/export/", {"reason": ""})
    assert response.status_code == 200 and not ExportLog.objects.exists()
    response = client.post("/care/export/", {"reason": "年度帮扶统计"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ExportLog.objects.get().reason == "年度帮扶统计"


def test_it_notifies_an_overdue_level_one_file_once(a_file):
    HelpVisit.objects.filter(file=a_file).delete()
    HelpVisit.objects.create(file=a_file, visited_on=timezone.localdate() - timedelta(days=10), visitors="网格员",
                             what_done="看望")
    for _ in range(3):
        call_command("remind", force=True, stdout=open("/dev/null", "w"))
    notes = Notification.objects.filter(key__startswith=f"help-visit:{a_file.pk}:")
    recipients = {n.user.username for n in notes}
    assert "secretary_a" in recipients and notes.count() == len(recipients)
    HelpVisit.objects.create(file=a_file, visited_on=timezone.localdate(), visitors="网格员", what_done="看望")
    from dangjian.care.due import overdue

    assert a_file.pk not in {f.pk for f in overdue(ResidentFile.objects.all())}


def test_it_needs_a_guardian_for_a_child(a_file):
    from datetime import date

    from django.core.exceptions import ValidationError

    a_file.person.birth_date = date.today().replace(year=date.today().year - 8)
    with pytest.raises(ValidationError, match="监护人"):
        a_file.full_clean()


def test_it_lists_overdue_files_and_anonymises_closed_ones_after_retention(login, a_file, settings):
    HelpVisit.objects.filter(file=a_file).delete()
    listed = login("secretary_a").get("/care/", {"overdue": "1"}).context["object_list"]
    assert a_file.pk in {f.pk for f in listed}
    from dangjian.care import actions

    actions.close_file(world.user("secretary_a"), a_file, "已搬离本社区")
    ResidentFile.objects.filter(pk=a_file.pk).update(closed_on=timezone.localdate() - timedelta(days=10))
    settings.ARCHIVE_RETENTION_DAYS = 5
    call_command("remind", stdout=open("/dev/null", "w"))
    a_file.refresh_from_db()
    assert a_file.anonymised_at is not None and a_file.person is None and a_file.situation == "（已匿名）"


def test_the_streets_grid_network_counts_the_files_its_statistics_count(login, street):
    """The street may not open a file but counts them: the network page and 档案统计 agree."""
    rows = login("street_admin").get("/care/grids/").context["rows"]
    counted = ResidentFile.objects.counted_for(world.user("street"))
    assert not ResidentFile.objects.visible_to(world.user("street")).exists()
    assert sum(r["files"] for r in rows) > 0
    for r in rows:
        assert r["files"] == counted.filter(organization=r["grid"].organization_id).count(), r["grid"]
