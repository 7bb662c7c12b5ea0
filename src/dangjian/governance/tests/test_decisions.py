"""一征三议两公开: six stages strictly in order, each in the history with who did it; sent back only with a
reason; published on the residents' board; attachments kept only with the stage they prove."""

import hashlib
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.models import Evidence
from dangjian.governance.models import STAGE_KEYS, STAGE_LABELS, Decision, DecisionStep

from .helpers import PNG, history, post_stage, steps_of, walk


@pytest.fixture
def decision(community_a):
    return Decision.objects.create(community=community_a, title="3号楼加装电梯")


def test_it_walks_the_six_stages_in_order_with_one_history_entry_per_stage_naming_its_actor(login, decision):
    secretary, street = login("secretary_a"), login("street_admin")
    for i, stage in enumerate(STAGE_KEYS):
        client = street if stage == "publish_result" else secretary
        page = post_stage(client, decision, stage, record=f"第{i + 1}步记录").content.decode()
        assert "已完成本阶段" in page, stage
    decision.refresh_from_db()
    assert decision.stage == "publish_result" and decision.opinions_count == 40 and decision.votes_for == 35
    expected = [(STAGE_LABELS[s], "secretary_a", f"第{i + 1}步记录") for i, s in enumerate(STAGE_KEYS)]
    expected[-1] = (STAGE_LABELS["publish_result"], "street", "第6步记录")
    assert steps_of(decision) == expected
    moves = [e.changes_dict.get("stage") for e in history(decision)[1:]]
    assert moves == [[a, b] for a, b in zip(["draft", *STAGE_KEYS], STAGE_KEYS, strict=False)]
    rows = list(decision.steps.values_list("stage", "actor__username"))
    assert rows == [(s, actor) for s, (_, actor, _) in zip(STAGE_KEYS, expected, strict=True)]
    page = secretary.get(f"/governance/decisions/{decision.pk}/").content.decode()
    assert "办理下一步" not in page and "第6步记录" in page


def test_it_refuses_a_skipped_or_repeated_stage_and_changes_nothing(login, decision):
    client = login("secretary_a")
    page = post_stage(client, decision, "propose").content.decode()
    assert "须按顺序办理：下一步应为“征求意见”" in page
    decision = walk(client, decision, ["solicit"])
    page = post_stage(client, decision, "solicit").content.decode()
    assert "下一步应为“党组织提议”" in page
    page = post_stage(client, decision, "propose", record=" ").content.decode()
    assert "请填写本阶段的记录" in page
    decision.refresh_from_db()
    assert decision.stage == "solicit" and decision.steps.count() == 1
    assert len(steps_of(decision)) == 1


def test_it_needs_the_vote_before_publishing_on_the_page_and_in_the_api(login, decision):
    client = login("secretary_a")
    decision = walk(client, decision, ["solicit", "propose", "deliberate"])
    page = post_stage(client, decision, "resolve", votes_for="", votes_against="", votes_abstain="").content.decode()
    assert "请录入居民代表会议的表决结果" in page
    api = f"/api/decisions/{decision.pk}/advance/"
    response = client.post(api, {"stage": "publish_decision", "record": "公开"}, content_type="application/json")
    assert response.status_code == 400 and "下一步应为“居民代表会议决议”" in response.json()["detail"]
    response = client.post(api, {"stage": "resolve", "record": "表决", "votes": [30, "x", 1]},
                           content_type="application/json")
    assert response.status_code == 400 and "votes" in response.json()
    decision.refresh_from_db()
    assert decision.stage == "deliberate" and decision.votes_for is None
    response = client.post(api, {"stage": "resolve", "record": "表决", "votes": [30, 3, 1]},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["votes_for"] == 30
    response = client.post(api, {"stage": "publish_decision", "record": "公开"}, content_type="application/json")
    assert response.json()["stage"] == "publish_decision"
    assert [s for s, _, _ in steps_of(decision)][-2:] == ["居民代表会议决议", "决议公开"]


def test_it_refuses_read_only_roles_and_hides_the_decision_from_a_sibling_community(login, decision):
    url, api = f"/governance/decisions/{decision.pk}/advance/", f"/api/decisions/{decision.pk}/advance/"
    data = {"stage": "solicit", "record": "x", "opinions_count": "3"}
    assert login("cadre").post(url, data).status_code == 403
    assert login("district_viewer").post(api, data, content_type="application/json").status_code == 403
    assert login("secretary_b").post(url, data).status_code == 404
    assert login("secretary_b").post(api, data, content_type="application/json").status_code == 404
    assert login("secretary_b").get(f"/governance/decisions/{decision.pk}/").status_code == 404
    page = login("cadre").get(f"/governance/decisions/{decision.pk}/").content.decode()
    assert "完成本阶段" not in page and "退回重议" not in page
    decision.refresh_from_db()
    assert decision.stage == "draft" and history(decision)[-1].action == 0  # only its creation


def test_it_reopens_only_with_a_reason_and_clears_the_vote(login, decision):
    client = login("secretary_a")
    decision = walk(client, decision, STAGE_KEYS[:5])
    assert decision.stage == "publish_decision"
    url = f"/governance/decisions/{decision.pk}/reopen/"
    page = client.post(url, {"to_stage": "resolve", "reason": ""}, follow=True).content.decode()
    assert "退回重议须写明原因" in page
    assert Decision.objects.get(pk=decision.pk).stage == "publish_decision"
    client.post(url, {"to_stage": "resolve", "reason": "表决人数不足，重新表决"})
    decision.refresh_from_db()
    assert decision.stage == "deliberate" and decision.votes_for is None and decision.votes_against is None
    step, actor, reason = steps_of(decision)[-1]
    assert (step, actor) == ("退回重议", "secretary_a") and "表决人数不足" in reason
    assert history(decision)[-1].changes_dict["stage"] == ["publish_decision", "deliberate"]
    assert decision.steps.filter(stage="reopen", actor__username="secretary_a").count() == 1
    page = client.post(url, {"to_stage": "publish_result", "reason": "尚未办理的阶段"}, follow=True).content.decode()
    assert "只能退回到已完成的阶段" in page
    assert login("cadre").post(url, {"to_stage": "solicit", "reason": "只读角色退回"}).status_code == 403
    assert Decision.objects.get(pk=decision.pk).stage == "deliberate"


def test_it_shows_a_decision_on_the_residents_board_once_it_is_published(login, decision):
    resident = login("resident")
    client = login("secretary_a")
    decision = walk(client, decision, STAGE_KEYS[:4])
    assert "3号楼加装电梯" not in resident.get("/p/").content.decode()
    assert resident.get(f"/api/decisions/{decision.pk}/").status_code == 404
    walk(client, decision, ["publish_decision"])
    board = resident.get("/p/").content.decode()
    assert "3号楼加装电梯" in board and "赞成 35" in board
    assert resident.get(f"/api/decisions/{decision.pk}/").json()["stage"] == "publish_decision"
    response = resident.post(f"/api/decisions/{decision.pk}/advance/", {"stage": "publish_result", "record": "x"},
                             content_type="application/json")
    assert response.status_code == 403
    assert "3号楼加装电梯" not in login("secretary_b").get("/governance/decisions/").content.decode()


def test_it_keeps_a_stages_attachment_with_it_and_none_of_a_refused_stage(login, decision):
    client = login("secretary_a")
    minutes = SimpleUploadedFile("征求意见记录.png", PNG + b"minutes", content_type="image/png")
    post_stage(client, decision, "solicit", attachments=minutes)
    step = DecisionStep.objects.get(decision=decision, stage="solicit")
    evidence = step.attachments.get()
    assert evidence.name == "征求意见记录.png"
    file_url = f"/governance/decisions/{decision.pk}/files/{evidence.pk}/"
    assert client.get(file_url).status_code == 200
    assert login("secretary_b").get(file_url).status_code == 404
    assert file_url in client.get(f"/governance/decisions/{decision.pk}/").content.decode()

    # A stage whose second file is refused keeps neither the stage nor the first file.
    content = PNG + os.urandom(16)  # bytes no other test uploads
    before = Evidence.objects.count()
    photo = SimpleUploadedFile("提议.png", content, content_type="image/png")
    program = SimpleUploadedFile("提议.exe", b"MZ", content_type="application/octet-stream")
    page = post_stage(client, decision, "propose", attachments=[photo, program]).content.decode()
    assert "不支持的文件类型" in page
    digest = hashlib.sha256(content).hexdigest()
    assert Evidence.objects.count() == before and not default_storage.exists(f"evidence/{digest[:2]}/{digest}.png")
    decision.refresh_from_db()
    assert decision.stage == "solicit" and decision.steps.count() == 1 and len(steps_of(decision)) == 1


def test_residents_read_a_published_decision_on_their_board_but_never_the_working_record(login, decision):
    """The committees' minutes and each step's actor are staff records; residents see what was published."""
    walk(login("secretary_a"), decision, STAGE_KEYS[:5])
    decision.refresh_from_db()
    assert decision.stage == "publish_decision"
    assert decision.title in login("resident").get("/p/").content.decode()
    for persona in ("resident", "volunteer", "member"):
        assert login(persona).get(f"/governance/decisions/{decision.pk}/").status_code == 404, persona
