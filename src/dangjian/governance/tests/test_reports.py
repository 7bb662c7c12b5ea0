"""社情民意: a grid worker's report is seen by the reporter and the community; the community answers it or
turns it into a problem, and the problem's resolution is shown back on the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.governance.models import SentimentReport
from dangjian.ledgers.models import Problem

from .helpers import PNG, history, steps_of


@pytest.fixture
def report(login, community_a):
    response = login("grid_worker").post("/governance/reports/add/", {
        "community": community_a.pk, "topic": "路灯不亮", "content": "3号楼前路灯坏了", "urgency": "normal"})
    assert response.status_code == 302
    return SentimentReport.objects.get(topic="路灯不亮")


def test_it_shows_a_report_to_its_reporter_and_the_community_only(login, report):
    assert report.reporter.username == "grid" and report.status == "new"
    grid = login("grid_worker")
    assert report in grid.get("/governance/reports/").context["object_list"]
    page = grid.get(f"/governance/reports/{report.pk}/").content.decode()
    assert "3号楼前路灯坏了" in page and "转入问题清单" not in page and "答复</button>" not in page
    secretary = login("secretary_a").get(f"/governance/reports/{report.pk}/").content.decode()
    assert "转入问题清单" in secretary and "答复</button>" in secretary
    assert login("street_admin").get(f"/governance/reports/{report.pk}/").status_code == 200
    for persona in ("secretary_b", "member", "resident"):
        assert login(persona).get(f"/governance/reports/{report.pk}/").status_code == 404, persona


def test_it_refuses_a_report_without_content_or_placed_in_another_community(login, community_b):
    grid = login("grid_worker")
    response = grid.post("/governance/reports/add/", {"community": community_b.pk, "topic": "外社区", "content": "x",
                                                      "urgency": "normal"})
    assert response.status_code == 200 and "community" in response.context["form"].errors
    response = grid.post("/governance/reports/add/", {"topic": "无内容", "urgency": "normal"})
    assert response.status_code == 200 and "content" in response.context["form"].errors
    assert not SentimentReport.objects.filter(topic__in=["外社区", "无内容"]).exists()


def test_it_turns_a_report_into_a_problem_and_shows_the_resolution_back(login, report):
    url = f"/governance/reports/{report.pk}/problem/"
    assert login("grid_worker").post(url).status_code == 403  # the reporter files, the community decides
    assert login("cadre").post(url).status_code == 403
    assert login("secretary_b").post(url).status_code == 404
    assert SentimentReport.objects.get(pk=report.pk).status == "new"

    secretary = login("secretary_a")
    assert "已转入问题清单" in secretary.post(url, follow=True).content.decode()
    report.refresh_from_db()
    problem = report.problem
    assert report.status == "problem" and problem.source == "sentiment" and problem.title == "路灯不亮"
    assert steps_of(report) == [("转入问题清单", "secretary_a", None)]
    assert history(report)[-1].changes_dict["status"] == ["new", "problem"]
    listed = secretary.get("/ledgers/problems/", {"state": "open", "source": "sentiment"})
    assert problem in listed.context["object_list"]

    again = secretary.post(url, follow=True).content.decode()
    assert "不能再转为问题" in again
    assert Problem.objects.filter(title="路灯不亮", source="sentiment").count() == 1

    photo = SimpleUploadedFile("更换后.png", PNG + b"lamp", content_type="image/png")
    secretary.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "已更换灯泡", "evidence_files": photo})
    assert Problem.objects.get(pk=problem.pk).status == "resolved"
    page = login("grid_worker").get(f"/governance/reports/{report.pk}/").content.decode()
    assert "已整改" in page and "已更换灯泡" in page


def test_it_answers_a_report_once_with_the_answer_in_its_history(login, report):
    url = f"/governance/reports/{report.pk}/answer/"
    secretary = login("secretary_a")
    assert "请填写答复内容" in secretary.post(url, {"answer": "  "}, follow=True).content.decode()
    assert login("grid_worker").post(url, {"answer": "越权答复"}).status_code == 403
    assert SentimentReport.objects.get(pk=report.pk).status == "new"
    secretary.post(url, {"answer": "已联系供电所，本周内维修"})
    report.refresh_from_db()
    assert report.status == "answered" and report.answer == "已联系供电所，本周内维修"
    entry = history(report)[-1]
    assert entry.actor.username == "secretary_a" and entry.additional_data == {"step": "答复"}
    assert entry.changes_dict["status"] == ["new", "answered"]
    page = login("grid_worker").get(f"/governance/reports/{report.pk}/").content.decode()
    assert "本周内维修" in page
    refused = secretary.post(f"/governance/reports/{report.pk}/problem/", follow=True).content.decode()
    assert "当前为“已答复”，不能再转为问题" in refused
    report.refresh_from_db()
    assert report.problem is None and not Problem.objects.filter(title="路灯不亮").exists()


def test_a_secretary_who_filed_a_report_elsewhere_decides_nothing_there(login, community_a):
    """Filing a report gives sight of it, not the community's decision on it."""
    from dangjian.governance import actions
    from dangjian.testing import world

    elsewhere = world.user("secretary_b")
    report = SentimentReport.objects.create(community=community_a, reporter=elsewhere, topic="外社区书记反映",
                                            content="楼道灯坏")
    assert login("secretary_b").get(f"/governance/reports/{report.pk}/").status_code == 200
    assert not actions.may_turn_into_problem(elsewhere, report) and not actions.may_answer(elsewhere, report)
    before = Problem.objects.count()
    assert login("secretary_b").post(f"/governance/reports/{report.pk}/problem/").status_code == 403
    assert Problem.objects.count() == before
    assert SentimentReport.objects.get(pk=report.pk).status == "new"
