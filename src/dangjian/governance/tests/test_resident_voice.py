"""Residents on their phones: an opinion on an item being drafted (一征) and a 社情民意 report with a photo arrive
at the resident's grid (seen by that grid's worker, not another's); closed items and bad photos are refused;
四大员 file their own records."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.governance.models import Decision, Opinion, SentimentReport, SupervisionRecord, Supervisor
from dangjian.orgs.models import Grid, RoleAssignment
from dangjian.testing import world

from .helpers import PNG, post_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_item(community_a):
    return Decision.objects.create(community=community_a, title="小区停车位重新划线",
                                   background="拟重新划线，征求意见。")


def _resident_grid():
    resident = world.user("resident")
    grant = RoleAssignment.objects.filter(user=resident).select_related("organization").first()
    return Grid.objects.get(organization=grant.organization)


def _other_grid(community, but):
    other = Grid.objects.filter(organization__path__startswith=community.path).exclude(pk=but.pk).first()
    assert other is not None, "the test world has one grid only in community A"
    return other


def _grid_worker_of(grid, username="grid_other"):
    """A grid worker account for another grid (the seeded one works the resident's grid)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, password="x")
    RoleAssignment.objects.create(user=user, organization=grid.organization, role="grid_worker",
                                  start=timezone.localdate())
    return user


def test_it_stores_an_opinion_with_the_decision_and_the_residents_grid(login, open_item):
    resident = login("resident")
    page = resident.get("/p/voice/").content.decode()
    assert open_item.title in page and f"/p/decisions/{open_item.pk}/opinion/" in page
    response = resident.post(f"/p/decisions/{open_item.pk}/opinion/", {"content": "建议保留消防通道，不要划到楼门口。",
                                                                        "name": ""}, follow=True)
    assert "意见已提交" in response.content.decode()
    opinion = Opinion.objects.get(decision=open_item)
    assert opinion.grid == _resident_grid() and opinion.author == world.user("resident")
    assert opinion.shown_name == "匿名居民"
    # The staff read it on the decision and the 一征 count starts from it.
    staff = login("secretary_a").get(f"/governance/decisions/{open_item.pk}/").content.decode()
    assert "建议保留消防通道" in staff and "匿名居民" in staff and 'value="1"' in staff
    # The grid's worker sees it; a worker of another grid does not.
    assert Opinion.objects.visible_to(world.user("grid")).filter(pk=opinion.pk).exists()
    other = _grid_worker_of(_other_grid(open_item.community, _resident_grid()))
    assert not Opinion.objects.visible_to(other).filter(pk=opinion.pk).exists()


def test_it_counts_the_online_opinions_in_the_solicit_step(login, open_item):
    login("resident").post(f"/p/decisions/{open_item.pk}/opinion/", {"content": "同意划线方案。", "name": "张阿姨"})
    secretary = login("secretary_a")
    page = post_stage(secretary, open_item, "solicit", opinions_count="0").content.decode()
    assert "居民已在手机上提交1条意见" in page
    open_item.refresh_from_db()
    assert open_item.stage == "draft"
    post_stage(secretary, open_item, "solicit", record="入户征求", opinions_count="12")
    open_item.refresh_from_db()
    assert open_item.stage == "solicit" and open_item.opinions_count == 12
    assert "其中居民在线提交意见1条" in open_item.steps.get().record


def test_it_refuses_an_opinion_on_a_closed_decision(login, open_item):
    secretary, resident = login("secretary_a"), login("resident")
    post_stage(secretary, open_item, "solicit")
    response = resident.post(f"/p/decisions/{open_item.pk}/opinion/", {"content": "还想补充一条意见。"})
    assert response.status_code == 404  # no longer on the residents' side until it is published
    for stage in ("propose", "deliberate", "resolve", "publish_decision"):
        post_stage(secretary, open_item, stage)
    page = resident.post(f"/p/decisions/{open_item.pk}/opinion/", {"content": "还想补充一条意见。"},
                         follow=True).content.decode()
    assert "已结束征求意见" in page and "提交意见</button>" not in page
    assert not Opinion.objects.filter(decision=open_item).exists()


def test_it_refuses_an_opinion_from_staff_and_another_community(login, open_item, community_b):
    assert login("secretary_a").post(f"/p/decisions/{open_item.pk}/opinion/",
                                     {"content": "工作人员代提意见"}).status_code == 403
    elsewhere = Decision.objects.create(community=community_b, title="和平社区的事项")
    assert login("resident").post(f"/p/decisions/{elsewhere.pk}/opinion/",
                                  {"content": "别的社区的意见"}).status_code == 404
    assert not Opinion.objects.filter(decision__in=[open_item, elsewhere]).exists()


def _report(client, **extra):
    data = {"topic": "5号楼下水道堵塞", "content": "下水道堵了三天，污水外溢。", "location": "5号楼东侧", **extra}
    return client.post("/p/reports/new/", data, follow=True)


def test_it_sends_a_report_with_photo_and_location_to_the_residents_grid(login):
    resident = login("resident")
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    page = _report(resident, photo=photo).content.decode()
    assert "已提交" in page
    report = SentimentReport.objects.get(topic="5号楼下水道堵塞")
    grid = _resident_grid()
    assert report.grid == grid and report.by_resident and report.location == "5号楼东侧"
    assert report.photo is not None and report.photo.organization == grid.organization
    # The grid's worker: in their list and their to-do; the photo opens for them.
    worker = login("grid_worker")
    assert "5号楼下水道堵塞" in worker.get("/governance/reports/").content.decode()
    assert "5号楼下水道堵塞" in worker.get("/todo/grid_reports/").content.decode()
    assert worker.get(f"/p/reports/{report.pk}/photo/{report.photo_id}/").status_code == 200
    assert "5号楼东侧" in worker.get(f"/governance/reports/{report.pk}/").content.decode()
    # A worker of another grid of the same community sees none of it.
    other = _grid_worker_of(_other_grid(grid.organization.parent_org(), grid))
    assert not SentimentReport.objects.visible_to(other).filter(pk=report.pk).exists()
    # The community's staff have it to handle.
    assert "5号楼下水道堵塞" in login("secretary_a").get("/todo/reports_to_handle/").content.decode()


def test_it_refuses_a_huge_or_non_image_photo_and_keeps_nothing(login, settings):
    resident = login("resident")
    big = SimpleUploadedFile("大图.png", PNG + b"\x00" * (9 * 1024 * 1024), content_type="image/png")
    assert "照片超过 8MB" in _report(resident, photo=big).content.decode()
    pdf = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert "请上传照片" in _report(resident, photo=pdf).content.decode()
    fake = SimpleUploadedFile("假图.png", b"not a picture at all", content_type="image/png")
    assert "内容与扩展名" in _report(resident, photo=fake).content.decode()
    assert not SentimentReport.objects.filter(topic="5号楼下水道堵塞").exists()


def test_it_lets_a_resident_registered_at_the_community_choose_one_of_its_grids_only(login, community_a,
                                                                                       community_b):
    resident = world.user("resident")
    RoleAssignment.objects.filter(user=resident).update(organization=community_a)
    client = login("resident")
    foreign = Grid.objects.filter(organization__path__startswith=community_b.path).first()
    page = _report(client, grid=foreign.pk).content.decode()
    assert "请选择本社区的网格" in page and not SentimentReport.objects.filter(topic="5号楼下水道堵塞").exists()
    own = Grid.objects.filter(organization__path__startswith=community_a.path).last()
    _report(client, grid=own.pk)
    assert SentimentReport.objects.get(topic="5号楼下水道堵塞").grid == own


def test_it_lets_a_supervisor_file_a_record_from_the_phone_and_no_one_else(login, community_a):
    resident = world.user("resident")
    supervisor = Supervisor.objects.create(community=community_a, person=resident.person, post="conduct",
                                           since=timezone.localdate())
    client = login("resident")
    today = timezone.localdate().isoformat()
    page = client.post("/p/supervision/", {"supervisor": supervisor.pk, "subject": "funds", "date": today,
                                           "finding": "办公经费公示及时。", "follow_up": ""}, follow=True)
    assert "监督记录已提交" in page.content.decode()
    record = SupervisionRecord.objects.get(supervisor=supervisor)
    assert record.community == community_a and record.finding == "办公经费公示及时。"
    assert "办公经费公示及时" in login("secretary_a").get("/governance/records/").content.decode()
    # Someone holding no appointment is told so, and cannot post.
    volunteer = login("volunteer")
    assert "您不是社区聘任的四大员" in volunteer.get("/p/supervision/").content.decode()
    assert volunteer.post("/p/supervision/", {"supervisor": supervisor.pk, "subject": "funds", "date": today,
                                              "finding": "冒名"}).status_code == 404
    assert SupervisionRecord.objects.filter(supervisor=supervisor).count() == 1
