"""Teams with captains; edit and archive for teams, alliance members, talents and brands: an edit form survives a
browser's round trip, an archived row leaves the lists and the counts but keeps its page and history, and a
restored one comes back."""

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from dangjian.core import metrics
from dangjian.services.models import AllianceMember, BrandProject, Talent, Volunteer, VolunteerTeam
from dangjian.testing import world
from dangjian.testing.browser_form import main_form

KINDS = [  # (model, url stem, metric)
    (VolunteerTeam, "teams", "volunteer_teams"),
    (AllianceMember, "alliance", "alliance_members"),
    (Talent, "talents", "talents"),
    (BrandProject, "brands", "brands"),
]


def _count(key, org):
    today = timezone.localdate()
    return metrics.value(key, metrics.Scope(world.user("street")), org, today.replace(month=1, day=1), today)


def _row(model, org):
    qs = model.objects.filter(organization__path__startswith=org.path, archived_at__isnull=True)
    if model is BrandProject:
        qs = qs.filter(parent__isnull=True)  # a brand counted on its own (its parts are not)
    return qs.order_by("pk").first()


@pytest.mark.parametrize(("model", "stem", "key"), KINDS, ids=[k[1] for k in KINDS])
def test_it_edits_archives_and_restores_as_a_browser_posts(login, community_a, model, stem, key):
    obj = _row(model, community_a)
    secretary = login("secretary_a")
    url = f"/services/{stem}/{obj.pk}/edit/"
    form = main_form(secretary.get(url).content.decode(), url)
    data = form.data()
    name_field = "expertise" if model is Talent else "name"
    data[name_field] = f"{getattr(obj, name_field)}（改）"
    assert secretary.post(url, data).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, name_field).endswith("（改）")
    listed = secretary.get(f"/services/{stem}/").content.decode()
    assert getattr(obj, name_field) in listed
    counted = _count(key, community_a)

    detail = secretary.get(obj.get_absolute_url()).content.decode()
    assert 'data-testid="archive"' in detail
    assert "已归档" in secretary.post(f"/services/{stem}/{obj.pk}/archive/", follow=True).content.decode()
    obj.refresh_from_db()
    assert obj.archived_at is not None
    assert getattr(obj, name_field) not in secretary.get(f"/services/{stem}/").content.decode()
    assert getattr(obj, name_field) in secretary.get(f"/services/{stem}/?archived=1").content.decode()
    assert _count(key, community_a) == counted - 1
    page = secretary.get(obj.get_absolute_url()).content.decode()
    assert 'data-testid="restore"' in page and "归档" in page
    assert [e.additional_data["step"] for e in LogEntry.objects.get_for_object(obj) if e.additional_data] == ["归档"]

    secretary.post(f"/services/{stem}/{obj.pk}/restore/")
    obj.refresh_from_db()
    assert obj.archived_at is None and _count(key, community_a) == counted
    assert getattr(obj, name_field) in secretary.get(f"/services/{stem}/").content.decode()


def test_it_leaves_an_archived_team_out_of_the_choices_of_a_new_service_item(login, community_a):
    team = _row(VolunteerTeam, community_a)
    secretary = login("secretary_a")

    def team_choices():
        page = secretary.get("/services/menu/add/").content.decode()
        return page.split('name="team"', 1)[1].split("</select>", 1)[0]

    assert f'value="{team.pk}"' in team_choices()
    secretary.post(f"/services/teams/{team.pk}/archive/")
    assert f'value="{team.pk}"' not in team_choices()


def test_it_sets_a_captain_who_joins_the_team_and_shows_them(login, community_a):
    team = _row(VolunteerTeam, community_a)
    captain = Volunteer.objects.filter(organization=community_a).exclude(teams=team).exclude(
        person_id=team.leader_id).select_related("person").first()
    secretary = login("secretary_a")
    url = f"/services/teams/{team.pk}/edit/"
    data = main_form(secretary.get(url).content.decode(), url).data()
    data["leader"] = str(captain.person_id)
    assert secretary.post(url, data).status_code == 302
    team.refresh_from_db()
    assert team.leader_id == captain.person_id and captain.teams.filter(pk=team.pk).exists()
    page = secretary.get(team.get_absolute_url()).content.decode()
    assert f"{captain.person.name}</a>（队长）" in page
    assert captain.person.name in secretary.get("/services/teams/").content.decode()


def test_it_refuses_a_captain_who_is_no_volunteer(login, community_a):
    from dangjian.testing.factories import PersonFactory

    team = _row(VolunteerTeam, community_a)
    stranger = PersonFactory(organization=community_a)  # a resident, not registered as a volunteer
    secretary = login("secretary_a")
    url = f"/services/teams/{team.pk}/edit/"
    page = secretary.get(url).content.decode()
    assert f'value="{stranger.pk}"' not in page  # the picker offers volunteers only
    data = main_form(page, url).data()
    data["leader"] = str(stranger.pk)
    response = secretary.post(url, data)
    assert response.status_code == 200 and "有效的选项" in response.content.decode()
    team.refresh_from_db()
    assert team.leader_id != stranger.pk


def test_it_hides_another_communitys_rows_and_refuses_their_archiving(login, community_a):
    secretary_b = login("secretary_b")
    for model, stem, _ in KINDS:
        obj = _row(model, community_a)
        assert secretary_b.get(obj.get_absolute_url()).status_code == 404
        assert secretary_b.get(f"/services/{stem}/{obj.pk}/edit/").status_code == 404
        assert secretary_b.post(f"/services/{stem}/{obj.pk}/archive/").status_code == 404
        obj.refresh_from_db()
        assert obj.archived_at is None
    assert login("cadre").post(f"/services/teams/{_row(VolunteerTeam, community_a).pk}/archive/").status_code == 403
