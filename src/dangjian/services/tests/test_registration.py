import re

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from dangjian.orgs.models import RoleAssignment
from dangjian.services.models import Registration, Volunteer
from dangjian.testing import world

APPLY = {"wants": "volunteer", "name": "王小明", "phone": "13900001111", "address": "幸福路1号",
         "username": "wangxm", "password": "Zhiyuan#2026"}


def test_a_resident_applies_and_the_community_approves(login, community_a, community_b):
    anonymous = Client()
    response = anonymous.post("/register/", {**APPLY, "community": community_a.pk})
    assert "申请已提交" in response.content.decode()
    registration = Registration.objects.get(username="wangxm")
    assert anonymous.post("/login/", {"username": "wangxm", "password": "Zhiyuan#2026"}).status_code == 200
    assert login("secretary_b").post(f"/services/registrations/{registration.pk}/decide/",
                                     {"decision": "approve"}).status_code == 404
    page = login("secretary_a").get("/services/registrations/").content.decode()
    assert "139****1111" in page and "13900001111" not in page
    login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/", {"decision": "approve"})
    role = RoleAssignment.objects.get(user__username="wangxm")
    assert (role.role, role.organization_id) == ("volunteer", community_a.pk)
    assert Volunteer.objects.filter(person__user__username="wangxm").exists()
    assert anonymous.post("/login/", {"username": "wangxm", "password": "Zhiyuan#2026"}).status_code == 302
    assert "东风" in anonymous.get("/p/").content.decode()


def test_bad_applications_get_chinese_messages_and_store_nothing(community_a):
    client = Client()
    before = Registration.objects.count()
    bad = {**APPLY, "community": community_a.pk, "name": "<script>", "phone": "123", "username": world.user(
        "member").username, "password": "abc"}
    body = client.post("/register/", bad).content.decode()
    for message in ("请填写真实姓名", "请输入11位手机号码", "密码太短"):
        assert message in body
    assert "已被使用" not in body  # the open form does not tell which accounts exist
    assert Registration.objects.count() == before


def _apply(client, community, username, phone, address="10.0.0.8"):
    data = {**APPLY, "community": community.pk, "username": username, "phone": phone}
    return client.post("/register/", data, REMOTE_ADDR=address).content.decode()


def test_the_form_answers_alike_whether_an_account_exists_or_not(community_a):
    client = Client()
    taken = _apply(client, community_a, world.user("member").username, "13900000011", "10.0.0.1")
    free = _apply(client, community_a, "zhangsan_new", "13900000012", "10.0.0.2")
    assert "申请已提交" in taken or "提交" in taken
    def strip(html):  # the CSRF tokens differ from response to response
        html = re.sub(r'"X-CSRFToken": "\w+"|name="csrfmiddlewaretoken" value="\w+"', "", html)
        return html.replace(world.user("member").username, "").replace("zhangsan_new", "")

    assert strip(taken) == strip(free)


def test_approving_a_taken_account_name_gives_the_next_free_one_and_says_so(login, community_a):
    taken = world.user("member").username
    _apply(Client(), community_a, taken, "13900000021")
    registration = Registration.objects.get(username=taken)
    page = login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/",
                                     {"decision": "approve"}, follow=True).content.decode()
    registration.refresh_from_db()
    assert registration.status == "approved" and registration.username == f"{taken}2"
    assert f"账号 {taken}2 可以登录" in page and f"申请的账号 {taken} 已被使用" in page


def test_applications_are_limited_per_phone_and_per_address(community_a):
    client = Client()
    for i in range(3):
        assert "过于频繁" not in _apply(client, community_a, f"user{i}", "13900000031", f"10.1.0.{i}")
    assert "过于频繁" in _apply(client, community_a, "user9", "13900000031", "10.1.0.9")
    for i in range(5):
        assert "过于频繁" not in _apply(client, community_a, f"addr{i}", f"1390000004{i}", "10.2.0.1")
    assert "过于频繁" in _apply(client, community_a, "addr9", "13900000049", "10.2.0.1")
    assert Registration.objects.filter(username__in=["user9", "addr9"]).count() == 0


def test_a_phone_that_already_has_an_account_is_not_registered_again(login, community_a):
    member = world.user("member").person
    Client().post("/register/", {**APPLY, "username": "liuxin", "phone": member.phone, "community": community_a.pk})
    registration = Registration.objects.get(username="liuxin")
    page = login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/", {"decision": "approve"},
                                     follow=True).content.decode()
    assert "该手机号已关联平台账号" in page
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    assert not get_user_model().objects.filter(username="liuxin").exists()
    assert Client().post("/login/", {"username": "liuxin", "password": APPLY["password"]}).status_code != 302


def test_it_records_who_decided_and_decides_only_once(login, community_a):
    Client().post("/register/", {**APPLY, "community": community_a.pk})
    registration = Registration.objects.get(username="wangxm")
    decide = f"/services/registrations/{registration.pk}/decide/"
    assert decide not in login("cadre").get("/services/registrations/").content.decode()
    assert login("cadre").post(f"/services/registrations/{registration.pk}/decide/",
                               {"decision": "approve"}).status_code == 403
    assert decide in login("secretary_a").get("/services/registrations/").content.decode()
    login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/",
                              {"decision": "reject", "reason": "不是本社区居民"})
    registration.refresh_from_db()
    assert (registration.status, registration.reason, registration.decided_by.username) == (
        "rejected", "不是本社区居民", "secretary_a")
    entry = LogEntry.objects.get_for_object(registration).get(action=LogEntry.Action.UPDATE)
    assert entry.actor.username == "secretary_a"
    assert entry.additional_data == {"step": "退回", "reason": "不是本社区居民"}
    assert "13900001111" not in str(LogEntry.objects.get_for_object(registration).values_list("changes", flat=True))
    again = login("secretary_a").post(f"/services/registrations/{registration.pk}/decide/", {"decision": "approve"},
                                      follow=True).content.decode()
    assert "该申请已审核（未通过）" in again and not get_user_model().objects.filter(username="wangxm").exists()
    assert decide not in login("secretary_a").get("/services/registrations/").content.decode()
