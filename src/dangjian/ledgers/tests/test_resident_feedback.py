"""Closing the loop: a problem a resident raised is resolved, the resident is asked "已解决吗？" on the phone;
"未解决" reopens it at the level above (with history), every answer counts in the community's satisfaction."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.models import Notification
from dangjian.governance.models import SentimentReport
from dangjian.ledgers.choices import ProblemStatus
from dangjian.ledgers.models import Problem, ProblemFeedback
from dangjian.testing import world

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _resident_problem(login):
    """The resident reports on the phone; the community turns it into a problem and resolves it with a photo."""
    login("resident").post("/p/reports/new/", {"topic": "楼道扶手松动", "content": "2单元扶手松动，老人上下楼危险。",
                                               "location": "8号楼2单元"})
    report = SentimentReport.objects.get(topic="楼道扶手松动")
    secretary = login("secretary_a")
    secretary.post(f"/governance/reports/{report.pk}/problem/")
    report.refresh_from_db()
    problem = report.problem
    assert problem.raised_by == world.user("resident") and problem.raised_in == report.community
    photo = SimpleUploadedFile("整改.png", PNG, content_type="image/png")
    secretary.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "已加固扶手。", "evidence_files": photo})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED
    return problem


def _answer(client, feedback, fixed, rating="4", comment=""):
    return client.post(f"/p/feedback/{feedback.pk}/", {"fixed": fixed, "rating": rating, "comment": comment},
                       follow=True)


def test_it_asks_the_resident_once_the_problem_they_raised_is_resolved(login):
    problem = _resident_problem(login)
    feedback = ProblemFeedback.objects.get(problem=problem)
    assert feedback.resident == world.user("resident") and feedback.answered_at is None
    note = Notification.objects.get(user=world.user("resident"), key=f"feedback:{feedback.pk}")
    assert note.url == f"/p/feedback/{feedback.pk}/"
    resident = login("resident")
    assert "楼道扶手松动" in resident.get("/p/voice/").content.decode()
    page = resident.get(note.url).content.decode()
    assert "已解决吗" in page and "已加固扶手" in page


def test_it_reopens_a_problem_not_fixed_at_the_level_above_with_history(login, community_a, street):
    problem = _resident_problem(login)
    feedback = ProblemFeedback.objects.get(problem=problem)
    page = _answer(login("resident"), feedback, "no", "2", "扶手还是晃。").content.decode()
    assert "已转上一级党组织继续办理" in page
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.OPEN and problem.organization == community_a.parent_org() == street
    assert problem.responsible_org == street and problem.resolved_on is None and problem.deadline >= \
        timezone.localdate()
    entry = LogEntry.objects.get_for_object(problem).order_by("-timestamp", "-pk").first()
    assert entry.additional_data["step"] == "居民反馈未解决，转上一级办理"
    assert "扶手还是晃" in entry.additional_data["reason"] and entry.actor == world.user("resident")
    assert entry.changes_dict["status"] == ["resolved", "open"]
    # The level above has it in its list and is told; the community no longer owns it.
    street_page = login("street_admin").get(f"/ledgers/problems/{problem.pk}/").content.decode()
    assert "待整改" in street_page
    assert Notification.objects.filter(user=world.user("street"), title__contains="居民反馈未解决").exists()
    assert login("secretary_a").get(f"/ledgers/problems/{problem.pk}/").status_code == 404
    # Resolved again at the street: the resident is asked again, about the new work.
    photo = SimpleUploadedFile("再次整改.png", PNG + b"2", content_type="image/png")
    login("street_admin").post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "更换整段扶手。",
                                                                           "evidence_files": photo})
    asked = list(ProblemFeedback.objects.filter(problem=problem).order_by("pk"))
    assert len(asked) == 2 and asked[0].fixed is False and asked[1].answered_at is None


def test_it_keeps_a_fixed_problem_where_it_is(login, community_a):
    problem = _resident_problem(login)
    feedback = ProblemFeedback.objects.get(problem=problem)
    assert "感谢您的答复" in _answer(login("resident"), feedback, "yes", "5").content.decode()
    problem.refresh_from_db()
    feedback.refresh_from_db()
    assert problem.status == ProblemStatus.RESOLVED and problem.organization == community_a
    assert feedback.fixed is True and feedback.rating == 5


def test_it_refuses_answering_twice_and_bad_answers(login):
    problem = _resident_problem(login)
    feedback = ProblemFeedback.objects.get(problem=problem)
    resident = login("resident")
    page = _answer(resident, feedback, "no", "2", "").content.decode()
    assert "请简单说明还有什么没有解决" in page
    page = _answer(resident, feedback, "yes", "9").content.decode()
    assert "rating" in page and ProblemFeedback.objects.get(pk=feedback.pk).answered_at is None
    _answer(resident, feedback, "yes", "5")
    page = _answer(resident, feedback, "no", "1", "改主意了").content.decode()
    assert "您已经答复过这个问题" in page
    feedback.refresh_from_db()
    problem.refresh_from_db()
    assert feedback.fixed is True and feedback.rating == 5 and problem.status == ProblemStatus.RESOLVED


def test_it_answers_404_to_anyone_but_the_resident_asked(login):
    problem = _resident_problem(login)
    feedback = ProblemFeedback.objects.get(problem=problem)
    for persona in ("volunteer", "member", "secretary_a", "street_admin"):
        client = login(persona)
        assert client.get(f"/p/feedback/{feedback.pk}/").status_code == 404, persona
        assert _answer(client, feedback, "no", "1", "不是我的问题").status_code == 404, persona
    feedback.refresh_from_db()
    assert feedback.answered_at is None


def test_it_computes_the_satisfaction_rate_per_community(login, community_a, community_b):
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    scope = metrics.Scope(None)
    base = {key: metrics.value(key, scope, community_a, start, today)
            for key in ("feedback_answered", "feedback_fixed", "feedback_rating_total")}
    for fixed, rating in ((True, 5), (False, 1), (True, 3)):
        problem = Problem.objects.create(organization=community_a, title="回访测试", category="service",
                                         source="sentiment", status=ProblemStatus.RESOLVED, raised_in=community_a)
        ProblemFeedback.objects.create(problem=problem, community=community_a, asked_on=today, fixed=fixed,
                                       rating=rating, answered_at=timezone.now())
    answered = base["feedback_answered"] + 3
    fixed = base["feedback_fixed"] + 2
    expected = (fixed / answered * 100).quantize(metrics.Decimal("0.1"))
    assert metrics.value("feedback_answered", scope, community_a, start, today) == answered
    assert metrics.value("resident_satisfaction", scope, community_a, start, today) == expected
    rating = ((base["feedback_rating_total"] + 9) / answered).quantize(metrics.Decimal("0.01"))
    assert metrics.value("resident_rating", scope, community_a, start, today) == rating
    # Counted where the resident lives: community B's figure does not move.
    assert metrics.value("feedback_answered", scope, community_b, start, today) == metrics.value(
        "feedback_answered", scope, community_b, start, today)
    assert not ProblemFeedback.objects.filter(community=community_b, problem__title="回访测试").exists()


def test_it_puts_satisfaction_in_the_imbalance_analysis(community_a):
    from dangjian.assessment.scores.analysis import FAMILIES

    assert ("satisfaction", "居民满意度") == FAMILIES[-1][:2] and FAMILIES[-1][3] == ["resident_satisfaction"]
    assert metrics.get("resident_satisfaction").ratio == ("feedback_fixed", "feedback_answered")


def test_it_keeps_one_open_question_when_the_level_above_sends_the_work_back(login):
    problem = _resident_problem(login)
    login("street_admin").post(f"/ledgers/problems/{problem.pk}/reject/", {"reason": "整改不彻底，请重新加固。"})
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING
    photo = SimpleUploadedFile("再次整改.png", PNG + b"3", content_type="image/png")
    login("secretary_a").post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "重新焊接扶手。",
                                                                          "evidence_files": photo})
    asked = ProblemFeedback.objects.filter(problem=problem)
    assert asked.count() == 1 and asked.get().answered_at is None
    assert Notification.objects.filter(user=world.user("resident"), key__startswith="feedback:").count() == 2


def test_it_tells_the_resident_the_truth_when_the_problem_is_already_back_at_work(login, community_a):
    problem = _resident_problem(login)
    feedback = ProblemFeedback.objects.get(problem=problem)
    login("street_admin").post(f"/ledgers/problems/{problem.pk}/reject/", {"reason": "整改不彻底，请重新加固。"})
    page = _answer(login("resident"), feedback, "no", "2", "扶手还是晃。").content.decode()
    assert "社区正在继续整改" in page and "已转上一级" not in page
    problem.refresh_from_db()
    assert problem.status == ProblemStatus.RECTIFYING and problem.organization == community_a
