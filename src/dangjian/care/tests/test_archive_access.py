"""The archive read in bulk leaves a trace, and only the file's own staff take it out: every reading of the
file list (page or API) is one access record; a help group opens one file to its members, not an export."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dangjian.care import actions
from dangjian.care.models import AssistanceLevel, HelpGroup, ResidentFile
from dangjian.core.models import ListAccess
from dangjian.orgs.models import Grid
from dangjian.testing import world


@pytest.fixture
def a_file(community_a):
    grid = Grid.objects.filter(organization__path__startswith=community_a.path).first()
    f = ResidentFile.objects.create(organization=grid.organization, person=grid.organization.persons.first(),
                                    categories=["elderly_alone"], situation="独居",
                                    level=AssistanceLevel.objects.get(level=1), consent="self")
    ResidentFile.objects.filter(pk=f.pk).update(created=timezone.now() - timedelta(days=30))
    return f


def test_each_reading_of_the_list_is_recorded_with_its_filter_and_count(login, a_file):
    client = login("secretary_a")
    ListAccess.objects.all().delete()
    page = client.get("/care/", {"q": a_file.person.name[:1]})
    shown = page.context["paginator"].count
    entry = ListAccess.objects.get()
    assert (entry.user.username, entry.what, entry.rows, entry.via) == ("secretary_a", "民情档案列表", shown, "page")
    assert entry.query == f"q={page.wsgi_request.GET.urlencode().split('=', 1)[1]}"
    api = client.get("/api/resident-files/").json()
    entry = ListAccess.objects.latest("pk")
    assert entry.via == "api" and entry.rows == api.get("count", len(api.get("results", api)))
    assert ListAccess.objects.count() == 2


def test_a_help_group_member_with_a_staff_role_elsewhere_cannot_export_the_file(login, a_file, community_b):
    other = world.user("secretary_b")  # staff of the sibling community, and in this file's help group
    HelpGroup.objects.create(file=a_file, kind="one_to_one").members.add(other.person)
    assert ResidentFile.objects.visible_to(other).filter(pk=a_file.pk).exists()  # may open it to help
    names = [row[0] for row in actions.export_rows(other, "走访安排")]
    assert a_file.person.name not in names
    own = [row[0] for row in actions.export_rows(world.user("secretary_a"), "走访安排")]
    assert a_file.person.name in own


def test_residents_and_volunteers_in_a_help_group_are_refused_an_export(login, a_file):
    resident = world.user("resident")
    HelpGroup.objects.create(file=a_file, kind="one_to_one").members.add(resident.person)
    assert not actions.may_export(resident)
    response = login("resident").post("/care/export/", {"reason": "看看"})
    assert response.status_code in (403, 404)
