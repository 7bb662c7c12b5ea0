"""Every step of a problem or task leaves a history entry naming who took it, as pages post it."""

import os
from datetime import timedelta

from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.core.models import Evidence, Notification
from dangjian.ledgers import actions
from dangjian.ledgers.models import Problem, Task, Visit
from dangjian.testing import world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _history(obj):
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("timestamp", "pk"))


def test_it_records_a_problem_walked_to_verified_as_four_entries_with_their_actors(login, community_a):
    secretary, street = login("secretary_a"), login("street_admin")
    secretary.post("/ledgers/problems/add/", {
        "organization": community_a.pk, "title": "楼道堆物", "category": "service", "source": "self",
        "found_on": timezone.localdate().isoformat(), "severity": "normal"})
    problem = Problem.objects.get(title="楼道堆物")
    secretary.post(f"/ledgers/problems/{problem.pk}/rectify/", {"measures": "联系物业清理"})
    photo = SimpleUploadedFile("after.png", PNG, content_type="image/png")
    secretary.post(f"/ledgers/problems/{problem.pk}/resolve/", {"resolution": "已清理", "evidence_files": photo})
    street.post(f"/ledgers/problems/{problem.pk}/verify/")
    problem.refresh_from_db()
    assert problem.status == "verified" and problem.verified_by.username == "street"
    entries = _history(problem)
    assert [e.actor.username for e in entries] == ["secretary_a", "secretary_a", "secretary_a", "street"]
    assert [e.changes_dict.get("status") for e in entries[1:]] == [
        ["open", "rectifying"], ["rectifying", "resolved"], ["resolved", "verified"]]
    assert [(e.additional_data or {}).get("step") for e in entries[1:]] == ["开始整改", "标记已整改", "验收通过"]
    page = street.get(f"/ledgers/problems/{problem.pk}/").content.decode()
    assert page.count("已验收") >= 2  # the status badge and the history line


def test_it_records_who_sent_a_problem_back_and_why(login, community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="路灯", category="service",
                                     source="self", no_evidence_reason="夜间维修无法拍照",
                                     reason_accepted_by=world.user("street"))
    actions.resolve_problem(world.user("secretary_a"), problem, "已修好")
    login("street_admin").post(f"/ledgers/problems/{problem.pk}/reject/", {"reason": "复查仍不亮"})
    last = _history(problem)[-1]
    assert last.actor.username == "street" and last.additional_data == {"step": "退回整改", "reason": "复查仍不亮"}
    assert Problem.objects.get(pk=problem.pk).status == "rectifying"


def test_it_records_a_task_reported_and_done_with_its_actor(login, community_a):
    task = actions.create_task(world.user("street"), community_a, year=timezone.localdate().year, title="共建活动",
                               category="regional", deadline=timezone.localdate() + timedelta(days=30))
    client = login("secretary_a")
    client.post(f"/ledgers/tasks/{task.pk}/reason/", {"no_evidence_reason": "口头通知，无书面材料"})
    login("street_admin").post(f"/ledgers/tasks/{task.pk}/accept/")
    client.post(f"/ledgers/tasks/{task.pk}/done/")
    task.refresh_from_db()
    assert task.done_on == timezone.localdate()
    steps = [((e.additional_data or {}).get("step"), e.actor.username) for e in _history(task)[1:]]
    assert steps == [("提交无材料说明", "secretary_a"), ("认可无材料说明", "street"), ("标记完成", "secretary_a")]


def test_a_refused_step_keeps_neither_the_row_nor_the_file(login, community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="井盖", category="service",
                                     source="self")
    content = PNG + os.urandom(16)  # bytes no other test uploads
    before = Evidence.objects.count()
    photo = SimpleUploadedFile("photo.png", content, content_type="image/png")
    # No resolution text: the step is refused after the photo was received.
    response = login("secretary_a").post(f"/ledgers/problems/{problem.pk}/resolve/",
                                         {"resolution": " ", "evidence_files": photo}, follow=True)
    assert "请填写整改结果" in response.content.decode()
    assert Evidence.objects.count() == before
    import hashlib

    digest = hashlib.sha256(content).hexdigest()
    assert not default_storage.exists(f"evidence/{digest[:2]}/{digest}.png")
    assert Problem.objects.get(pk=problem.pk).status == "open"


def test_the_level_below_asks_the_level_above_to_close_and_does_not_see_a_close_button(login, community_a):
    problem = actions.create_problem(world.user("secretary_a"), community_a, title="不属于本级", category="other",
                                     source="self")
    page = login("secretary_a").get(f"/ledgers/problems/{problem.pk}/").content.decode()
    assert "申请关闭" in page and ">关闭</button>" not in page
    response = login("secretary_a").post(f"/ledgers/problems/{problem.pk}/ask_close/",
                                         {"closed_reason": "属于区住建局职责"}, follow=True)
    assert "已提请上级组织关闭" in response.content.decode()
    note = Notification.objects.get(user__username="street", title__contains="不属于本级")
    assert "区住建局" in note.body
    asked = _history(problem)[-1]
    assert asked.actor.username == "secretary_a"
    assert asked.additional_data == {"step": "申请关闭", "reason": "属于区住建局职责"}
    assert ">关闭</button>" in login("street_admin").get(f"/ledgers/problems/{problem.pk}/").content.decode()
    assert Problem.objects.get(pk=problem.pk).status == "open"


def test_a_cadre_corrects_only_their_own_visits(login, community_a):
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create(username="visiting_cadre_x")
    own = Visit.objects.create(cadre=world.user("cadre"), kind="community", organization=community_a,
                               date=timezone.localdate(), look="看")
    theirs = Visit.objects.create(cadre=other, kind="community", organization=community_a,
                                  date=timezone.localdate(), look="看")
    client = login("cadre")
    assert client.get(f"/ledgers/visits/{own.pk}/edit/").status_code == 200
    assert client.get(f"/ledgers/visits/{theirs.pk}/").status_code == 200
    assert client.get(f"/ledgers/visits/{theirs.pk}/edit/").status_code == 403
    assert set(Visit.objects.editable_by(world.user("cadre"))) >= {own}
    assert theirs not in Visit.objects.editable_by(world.user("cadre"))


def test_the_recipient_answers_a_supervision_notice_and_the_answer_is_in_its_history(login, community_a):
    from dangjian.ledgers.models import SupervisionNotice

    task = Task.objects.create(organization=community_a, year=2026, title="逾期任务", category="other",
                               deadline=timezone.localdate() - timedelta(days=3))
    notice = SupervisionNotice.objects.create(task=task, organization=community_a,
                                              recipient=world.user("secretary_a"), message="请尽快办理")
    assert login("secretary_b").post(f"/ledgers/notices/{notice.pk}/reply/", {"reply": "x"}).status_code == 404
    login("secretary_a").post(f"/ledgers/notices/{notice.pk}/reply/", {"reply": "本周内完成"})
    notice.refresh_from_db()
    assert notice.reply == "本周内完成" and notice.replied_at is not None
    assert _history(notice)[-1].actor.username == "secretary_a"
