"""需求清单 · 资源清单 · 项目清单: a need met by a partner's resource becomes a project, started and finished
with its outcome; every step in the history with its actor; bad or outside input changes nothing."""

import pytest
from django.utils import timezone

from dangjian.coop.models import Need, PartnerUnit, Project, Resource

from .helpers import history, steps_of


@pytest.fixture
def resource(community_a):
    partner = PartnerUnit.objects.create(organization=community_a, name="区人民医院", kind="paired_unit")
    return Resource.objects.create(partner=partner, title="义诊医生团队")


def test_it_matches_a_need_to_a_resource_and_walks_the_project_to_done(login, community_a, resource):
    client = login("secretary_a")
    today = timezone.localdate()
    client.post("/coop/needs/add/", {"organization": community_a.pk, "title": "老年人健康体检",
                                     "raised_on": today.isoformat()})
    need = Need.objects.get(title="老年人健康体检")
    assert f"/coop/needs/{need.pk}/match/" in client.get("/coop/lists/").content.decode()
    assert "已对接资源" in client.post(f"/coop/needs/{need.pk}/match/", {"resource": resource.pk},
                                     follow=True).content.decode()
    project = Project.objects.get(need=need)
    assert (project.status, project.resource, project.organization, project.title) == (
        "planned", resource, community_a, "老年人健康体检")
    assert steps_of(need) == [("对接资源", "secretary_a", "对接资源：区人民医院：义诊医生团队")]

    client.post(f"/coop/projects/{project.pk}/start/")
    page = client.post(f"/coop/projects/{project.pk}/finish/", {"outcome": " "}, follow=True).content.decode()
    assert "请填写项目成效" in page and Project.objects.get(pk=project.pk).status == "running"
    client.post(f"/coop/projects/{project.pk}/finish/", {"outcome": "为120位老人免费体检"})
    project.refresh_from_db()
    assert project.status == "done" and project.outcome == "为120位老人免费体检"
    assert steps_of(project) == [("开始实施", "secretary_a", None), ("完成", "secretary_a", "为120位老人免费体检")]
    assert [e.changes_dict.get("status") for e in history(project)[1:]] == [
        ["planned", "running"], ["running", "done"]]
    page = client.get("/coop/lists/").content.decode()
    assert "成效：为120位老人免费体检" in page and f"/coop/projects/{project.pk}/" not in page
    assert "不能开始实施" in client.post(f"/coop/projects/{project.pk}/start/", follow=True).content.decode()


def test_it_refuses_project_steps_to_read_only_roles_and_other_communities(login, community_a, resource):
    project = Project.objects.create(organization=community_a, title="共建项目", resource=resource)
    url = f"/coop/projects/{project.pk}/start/"
    assert login("cadre").post(url).status_code == 403
    assert login("secretary_b").post(url).status_code == 404
    assert login("member").post(url).status_code == 404
    assert Project.objects.get(pk=project.pk).status == "planned" and len(history(project)) == 1
    assert f"/coop/projects/{project.pk}/start/" not in login("cadre").get("/coop/lists/").content.decode()


def test_it_matches_a_need_once_and_only_with_a_resource_in_sight(login, community_a, community_b, resource):
    need = Need.objects.create(organization=community_a, title="留守儿童课后托管", raised_on=timezone.localdate())
    elsewhere = Resource.objects.create(
        partner=PartnerUnit.objects.create(organization=community_b, name="和平小学", kind="paired_unit"),
        title="课后托管教室")
    client = login("secretary_a")
    url = f"/coop/needs/{need.pk}/match/"
    for chosen in (elsewhere.pk, "abc", ""):
        assert "请选择要对接的资源" in client.post(url, {"resource": chosen}, follow=True).content.decode()
    assert not Project.objects.filter(need=need).exists() and steps_of(need) == []
    client.post(url, {"resource": resource.pk, "title": "四点半课堂"})
    assert "该需求已对接项目“四点半课堂”" in client.post(url, {"resource": resource.pk}, follow=True).content.decode()
    assert Project.objects.filter(need=need).count() == 1 and len(steps_of(need)) == 1
    assert url not in client.get("/coop/lists/").content.decode()


def test_it_refuses_a_project_answering_another_communitys_need(login, community_a, community_b):
    need_b = Need.objects.create(organization=community_b, title="和平社区停车难", raised_on=timezone.localdate())
    response = login("street_admin").post("/coop/projects/add/", {
        "organization": community_a.pk, "title": "错配项目", "need": need_b.pk, "status": "done"})
    assert response.status_code == 200 and "不是该社区提出的" in response.context["form"].errors["need"][0]
    login("secretary_a").post("/coop/projects/add/", {"organization": community_a.pk, "title": "楼道美化",
                                                      "status": "done"})
    assert Project.objects.get(title="楼道美化").status == "planned"  # state moves only through its steps
    assert not Project.objects.filter(title="错配项目").exists()
