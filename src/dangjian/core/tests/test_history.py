"""History people can read, and people named by their names wherever an account is shown."""

import re

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.care.models import CATEGORY_LABELS, ResidentFile
from dangjian.core.history import field_label, history_for, name_of
from dangjian.core.templatetags.dj import who
from dangjian.ledgers import actions as ledger_actions
from dangjian.ledgers.models import Problem, Visit
from dangjian.people import actions as people_actions
from dangjian.services import actions as service_actions
from dangjian.services.models import MicroWish
from dangjian.testing import world
from dangjian.testing.factories import PersonFactory, valid_id_number
from dangjian.testing.queries import count_queries

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
WHEN = r"(\d{4}年)?\d{1,2}月\d{1,2}日 \d\d:\d\d"


def _text(html: str) -> str:
    """What a reader sees, tags, scripts and styles removed, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ：", "：").replace("： ", "：")


def _history_text(html: str) -> str:
    start = html.index("<h2 class=\"h6\">操作记录</h2>")
    end = html.index("</div></div>", html.index("</ol>", start))
    return _text(html[start:end])


def _walk_problem(secretary, street, org) -> Problem:
    """Filed, rectified, resolved with a photo, sent back with a reason, resolved again and verified."""
    secretary.post("/ledgers/problems/add/", {
        "organization": org.pk, "title": "楼道堆物", "category": "service", "source": "self",
        "found_on": timezone.localdate().isoformat(), "severity": "normal"})
    problem = Problem.objects.get(title="楼道堆物")
    url = f"/ledgers/problems/{problem.pk}"
    secretary.post(f"{url}/rectify/", {"measures": "联系物业清理"})
    photo = SimpleUploadedFile("after.png", PNG, content_type="image/png")
    secretary.post(f"{url}/resolve/", {"resolution": "已清理", "evidence_files": photo})
    street.post(f"{url}/reject/", {"reason": "楼道仍有杂物"})
    secretary.post(f"{url}/resolve/", {"resolution": "已全部清理"})
    street.post(f"{url}/verify/")
    problem.refresh_from_db()
    assert problem.status == "verified"
    return problem


def test_it_tells_a_problem_walked_through_its_steps_as_sentences_in_chinese(login, community_a):
    secretary, street = login("secretary_a"), login("street_admin")
    problem = _walk_problem(secretary, street, community_a)
    boss, clerk = name_of(world.user("street")), name_of(world.user("secretary_a"))
    assert boss != "street" and clerk != "secretary_a"

    text = _history_text(street.get(f"/ledgers/problems/{problem.pk}/").content.decode())

    assert re.search(f"{boss} 于 {WHEN} 验收通过 状态：已整改 → 已验收 验收人：— → {boss}", text), text
    assert re.search(f"{boss} 于 {WHEN} 退回整改 理由：楼道仍有杂物 状态：已整改 → 整改中", text), text
    assert re.search(f"{clerk} 于 {WHEN} 标记已整改 状态：整改中 → 已整改 整改结果：已清理 → 已全部清理", text), text
    assert re.search(f"{clerk} 于 {WHEN} 开始整改 状态：待整改 → 整改中 整改措施：— → 联系物业清理", text), text
    assert re.search(f"{clerk} 于 {WHEN} 新建问题 ", text) and f"登记人：{clerk}" in text
    assert "显示全部操作记录（6 条）" in text  # phones see the latest three, the rest folded away
    assert "None" not in text and not re.search(r"[A-Za-z]", text), text


def test_it_lists_only_the_fields_filled_in_when_a_row_is_created(community_a):
    problem = ledger_actions.create_problem(world.user("secretary_a"), community_a, title="路灯不亮",
                                            category="service", source="self")
    [created] = history_for(problem)
    labels = {line.label: line.after for line in created.lines}
    assert created.what == "新建问题" and labels["问题"] == "路灯不亮" and labels["来源"] == "自查"
    assert labels["登记人"] == name_of(world.user("secretary_a"))
    assert all(after not in ("—", "", "None") for after in labels.values()), labels
    assert not {"验收人", "关闭原因", "整改结果", "无佐证材料的说明"} & set(labels)


def test_it_reads_a_json_list_of_categories_by_their_labels(community_a):
    record = ResidentFile.objects.filter(organization__path__startswith=community_a.path).first()
    codes = list(CATEGORY_LABELS)[:2]
    record.categories = codes[:1]
    record.save()
    record.categories = codes
    record.save()

    latest = history_for(record)[0]

    [line] = [line for line in latest.lines if line.label == "人群类别"]
    assert (line.before, line.after) == (CATEGORY_LABELS[codes[0]], "、".join(CATEGORY_LABELS[c] for c in codes))


def test_it_leaves_out_entries_that_show_no_change_and_never_shows_none(community_a):
    problem = ledger_actions.create_problem(world.user("secretary_a"), community_a, title="井盖松动",
                                            category="service", source="self")
    # An edit that turned an empty text into NULL and back changed nothing a reader could see.
    LogEntry.objects.log_create(problem, force_log=True, action=LogEntry.Action.UPDATE, actor=world.user("street"),
                                changes={"description": ["None", ""], "closed_reason": ["", "None"]})
    LogEntry.objects.log_create(problem, force_log=True, action=LogEntry.Action.UPDATE, actor=world.user("street"),
                                changes={"description": ["None", "井盖一角翘起"], "severity": ["normal", "normal"]})
    history = history_for(problem)
    assert [e.what for e in history] == ["修改", "新建问题"]
    assert [(line.label, line.before, line.after) for line in history[0].lines] == [("具体表现", "—", "井盖一角翘起")]


def test_it_reads_a_revealed_id_number_as_a_sentence_and_keeps_it_masked(login, community_a):
    number = valid_id_number()
    person = PersonFactory(organization=community_a, id_number=number)
    people_actions.reveal(world.user("secretary_a"), person, "id_number")

    text = _history_text(login("secretary_a").get(f"/people/{person.pk}/").content.decode())

    assert re.search(f"{name_of(world.user('secretary_a'))} 于 {WHEN} 查看完整信息（身份证号）", text), text
    assert number not in text and number[-4:] in text  # the creation line shows it masked


def test_it_shows_a_long_history_in_a_fixed_number_of_queries(login, community_a):
    secretary, street = world.user("secretary_a"), world.user("street")
    problem = ledger_actions.create_problem(secretary, community_a, title="路灯", category="service", source="self",
                                            no_evidence_reason="夜间维修无法拍照", reason_accepted_by=street)

    def send_back_and_redo(times):
        for i in range(times):  # two people, each step a history entry, some naming a person
            ledger_actions.submit_reason(secretary, Problem.objects.get(pk=problem.pk), f"第{i + 1}次夜间维修无法拍照")
            ledger_actions.accept_reason(street, Problem.objects.get(pk=problem.pk))
            ledger_actions.resolve_problem(secretary, Problem.objects.get(pk=problem.pk), f"第{i + 1}次整改")
            ledger_actions.verify_problem(street, Problem.objects.get(pk=problem.pk), accept=False,
                                          reason=f"第{i + 1}次复查未通过")

    client, url = login("street_admin"), f"/ledgers/problems/{problem.pk}/"
    send_back_and_redo(1)
    client.get(url)
    _, short = count_queries(client, url)
    send_back_and_redo(8)
    assert len(history_for(problem)) > 20
    _, long = count_queries(client, url)
    assert long == short


def test_it_labels_every_recorded_field_in_chinese():
    for model in auditlog.get_models():
        excluded = set(auditlog.get_model_fields(model)["exclude_fields"])
        assert not re.search(r"[A-Za-z]", str(model._meta.verbose_name)), model
        for f in model._meta.concrete_fields:
            if f.name not in excluded:
                label = field_label(model, f.name)
                assert not re.search(r"[A-Za-z]", label), f"{model._meta.label}.{f.name}: {label}"


# --- people's names in place of account names ----------------------------------------------------


def test_it_names_the_person_behind_an_account_and_falls_back_to_the_account(db):
    User = get_user_model()
    bare = User.objects.create_user(username="nobody_x")
    assert who(bare) == name_of(bare) == "nobody_x" and who(None) == ""
    linked = User.objects.create_user(username="linked_x")
    person = PersonFactory(organization=world.community("a"), name="韩梅梅")
    User.objects.filter(pk=linked.pk).update(first_name="")
    person.user = linked
    person.save()
    assert name_of(User.objects.get(pk=linked.pk)) == "韩梅梅"
    person.name = "韩美美"
    person.save()  # renamed: the account follows
    assert name_of(User.objects.get(pk=linked.pk)) == "韩美美"


def test_it_shows_the_verifiers_name_on_a_problem_page(login, community_a):
    problem = _walk_problem(login("secretary_a"), login("street_admin"), community_a)
    text = _text(login("secretary_a").get(f"/ledgers/problems/{problem.pk}/").content.decode())
    boss = name_of(world.user("street"))
    assert f"验收 {boss} · " in text
    assert not re.search(r"\bstreet\b", text)


def test_it_shows_the_claimers_name_on_a_wish_page(login, community_a):
    wish = MicroWish.objects.create(organization=community_a, resident=PersonFactory(organization=community_a),
                                    content="一台收音机", category="daily", status="published")
    service_actions.claim_wish(world.user("volunteer"), wish)
    text = _text(login("secretary_a").get(f"/services/wishes/{wish.pk}/").content.decode())
    helper = name_of(world.user("volunteer"))
    assert f"认领 {helper} · " in text and f"{helper} 于 " in text
    assert not re.search(r"\bvolunteer\b", text)
    listing = _text(login("secretary_a").get("/services/wishes/").content.decode())
    assert helper in listing and not re.search(r"\bvolunteer\b", listing)


def test_it_shows_the_cadres_name_on_a_visit_page_and_list(login, community_a):
    visit = Visit.objects.create(cadre=world.user("cadre"), kind="community", organization=community_a,
                                 date=timezone.localdate(), look="看")
    cadre = name_of(world.user("cadre"))
    client = login("secretary_a")
    text = _text(client.get(f"/ledgers/visits/{visit.pk}/").content.decode())
    assert f"走访人 / 日期 {cadre} · " in text and not re.search(r"\bcadre\b", text)
    listing = _text(client.get("/ledgers/visits/").content.decode())
    assert cadre in listing and not re.search(r"\bcadre\b", listing)


def test_it_says_a_steps_reason_once_even_when_a_field_keeps_it(community_a):
    problem = ledger_actions.create_problem(world.user("secretary_a"), community_a, title="重复登记的问题",
                                            category="other", source="self")
    ledger_actions.close_problem(world.user("street"), problem, "与第12号问题重复，合并办理")
    closing = history_for(problem)[0]
    assert closing.reason == "与第12号问题重复，合并办理"
    assert all(line.after != closing.reason for line in closing.lines), closing.lines
