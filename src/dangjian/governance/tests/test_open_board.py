"""The community's public 两公开 board: no login, published decisions and results, the progress of problems its
residents raised — and nothing that identifies a resident."""

import pytest
from django.utils import timezone

from dangjian.governance.models import Decision, DecisionStep, SentimentReport
from dangjian.ledgers.models import Problem, ProblemFeedback
from dangjian.testing import world

pytestmark = pytest.mark.django_db


def test_it_shows_decisions_and_resident_problems_without_login_or_personal_data(client, community_a, street):
    resident = world.user("resident")
    person = resident.person
    published = Decision.objects.create(community=community_a, title="增设电动车充电桩", stage="publish_result",
                                        votes_for=30, votes_against=1, votes_abstain=0)
    DecisionStep.objects.create(decision=published, stage="publish_result", date=timezone.localdate(),
                                record="充电桩已安装12个。")
    draft = Decision.objects.create(community=community_a, title="尚在拟定的内部事项")
    report = SentimentReport.objects.get(reporter=resident, status="new")
    problem = Problem.objects.filter(raised_in=community_a, organization=community_a).first()
    reopened = Problem.objects.filter(raised_in=community_a, organization=street).first()
    response = client.get(f"/p/open/{community_a.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert published.title in page and "充电桩已安装12个" in page and draft.title not in page
    assert problem.title in page
    assert reopened is None or "居民反馈未解决，上级办理中" in page
    assert "居民满意率" in page
    # Nothing that names or reaches a resident: name, phone, address, the report's own words or place.
    for secret in (person.name, person.phone or "-", person.address or "-", resident.username, report.content,
                   report.location):
        assert secret not in page, secret
    signed = ProblemFeedback.objects.filter(community=community_a).exclude(comment="").first()
    assert signed is None or signed.comment not in page


def test_it_answers_404_for_an_organization_that_is_not_a_community(client, street):
    assert client.get(f"/p/open/{street.pk}/").status_code == 404
    assert client.get("/p/open/999999/").status_code == 404


def test_it_lists_a_resident_problem_under_the_title_staff_gave_it_and_masks_long_numbers(client, login, community_a):
    from dangjian.governance.models import SentimentReport

    login("resident").post("/p/reports/new/", {"topic": "张大爷家漏水 13812345678",
                                               "content": "3号楼302室张大爷家楼上漏水。", "location": "3号楼"})
    report = SentimentReport.objects.get(topic__startswith="张大爷家漏水")
    page = login("secretary_a").get(f"/governance/reports/{report.pk}/").content.decode()
    assert 'name="title"' in page and "请勿写入姓名、电话" in page
    refused = login("secretary_a").post(f"/governance/reports/{report.pk}/problem/", {"title": "  "}, follow=True)
    assert "请填写问题标题" in refused.content.decode()
    report.refresh_from_db()
    assert report.problem is None
    login("secretary_a").post(f"/governance/reports/{report.pk}/problem/", {"title": "3号楼楼上漏水 电话13812345678"})
    report.refresh_from_db()
    assert report.problem.title == "3号楼楼上漏水 电话13812345678"
    board = client.get(f"/p/open/{community_a.pk}/").content.decode()
    assert "3号楼楼上漏水" in board and "138****5678" in board
    assert "13812345678" not in board and "张大爷" not in board
