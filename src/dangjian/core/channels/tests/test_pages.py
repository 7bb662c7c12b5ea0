"""The channel pages: one's choices under the account menu, the robots an organization's staff configure, and
the delivery log — phones masked, a delivery outside one's reach a 404, a failed one sent again on request."""

from auditlog.models import LogEntry

from dangjian.core.channels.models import Channel, Delivery, Preference, Robot, Status
from dangjian.core.models import Notification
from dangjian.testing import world

PHONE = "13812345678"


def _delivery(username, status=Status.SENT, channel=Channel.SMS, **extra):
    user = world.user(username)
    person = getattr(user, "person", None)
    org = person.organization if person else user.role_assignments.first().organization
    note = Notification.objects.create(user=user, key=f"meeting:t{username}{status}:x", title="会议提醒：党课")
    return Delivery.objects.create(notification=note, channel=channel, topic="meeting", organization=org,
                                   recipient="138****5678", status=status, **extra)


def test_it_shows_a_person_their_own_deliveries_with_the_phone_masked(login):
    mine = _delivery("member")
    other = _delivery("secretary_b")
    page = login("member").get("/notify/deliveries/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "138****5678" in text and PHONE not in text and mine.get_absolute_url() in text
    assert other.get_absolute_url() not in text
    assert login("member").get(mine.get_absolute_url()).status_code == 200


def test_it_answers_404_for_a_delivery_out_of_reach(login):
    in_b = _delivery("secretary_b")
    assert login("secretary_a").get(in_b.get_absolute_url()).status_code == 404
    assert login("member").get(in_b.get_absolute_url()).status_code == 404
    assert login("secretary_a").post(f"/notify/deliveries/{in_b.pk}/retry/").status_code == 404
    assert login("street_admin").get(in_b.get_absolute_url()).status_code == 200
    assert login("secretary_b").get(in_b.get_absolute_url()).status_code == 200


def test_it_sends_a_failed_delivery_again_on_request(login, settings, tmp_path):
    settings.SMS_LOG_FILE = tmp_path / "sms.log"
    user = world.user("member")
    user.person.phone = PHONE
    user.person.save()
    failed = _delivery("member", status=Status.FAILED, attempts=5, last_error="短信网关返回 HTTP 500")
    assert login("member").post(f"/notify/deliveries/{failed.pk}/retry/").status_code == 403  # not theirs to resend
    page = login("secretary_a").get(failed.get_absolute_url())
    assert "重新发送" in page.content.decode()
    response = login("secretary_a").post(f"/notify/deliveries/{failed.pk}/retry/")
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.LOGGED and failed.attempts == 1  # the log backend: written, not sent
    entry = LogEntry.objects.get_for_object(failed).latest("pk")
    assert entry.additional_data["step"] == "重新发送" and entry.actor == world.user("secretary_a")
    again = login("secretary_a").post(f"/notify/deliveries/{failed.pk}/retry/", follow=True)
    assert "只有发送失败的才能重新发送" in again.content.decode()


def test_it_saves_a_persons_choices(login):
    client = login("member")
    page = client.get("/account/notifications/").content.decode()
    assert 'name="t-meeting-sms" id="t-meeting-sms" aria-label="会议提醒：短信" checked>' in page  # the default
    assert "t-help_visit-group" not in page  # never offered to a group
    client.post("/account/notifications/", {"t-meeting-email": "on", "t-help_visit-group": "on"})
    user = world.user("member")
    saved = {(p.topic, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    assert saved[("meeting", "email")] is True and saved[("meeting", "sms")] is False
    assert ("help_visit", "group") not in saved
    page = client.get("/account/notifications/").content.decode()
    assert 'name="t-meeting-email" id="t-meeting-email" aria-label="会议提醒：电子邮件" checked>' in page
    assert 'name="t-meeting-sms" id="t-meeting-sms" aria-label="会议提醒：短信">' in page


def test_it_lets_a_community_configure_its_robot(login, community_a):
    Robot.objects.filter(organization=community_a).delete()
    client = login("secretary_a")
    refused = client.post("/notify/robots/add/", {"organization": community_a.pk, "kind": "wecom", "name": "党员群",
                                                  "webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                                                  "secret": "SECabc", "active": "on"})
    assert "企业微信群机器人没有加签密钥" in refused.content.decode()
    assert not Robot.objects.filter(organization=community_a).exists()
    client.post("/notify/robots/add/", {"organization": community_a.pk, "kind": "dingtalk", "name": "党员群",
                                        "webhook": "https://oapi.dingtalk.com/robot/send?access_token=T0KEN9",
                                        "secret": "SECabc", "active": "on"})
    robot = Robot.objects.get(organization=community_a)
    assert robot.secret == "SECabc" and robot.kind == "dingtalk"
    listing = client.get("/notify/robots/").content.decode()
    assert "https://oapi.dingtalk.com/robot/send?…" in listing and "T0KEN9" not in listing
    edit = client.get(f"/notify/robots/{robot.pk}/edit/").content.decode()
    assert "SECabc" not in edit and "T0KEN9" not in edit  # the secret and the address are never shown again
    client.post(f"/notify/robots/{robot.pk}/edit/", {"organization": community_a.pk, "kind": "dingtalk",
                                                     "name": "党员群", "webhook": "", "secret": ""})
    robot.refresh_from_db()
    assert robot.secret == "SECabc" and robot.active is False  # kept; switched off
    assert robot.webhook == "https://oapi.dingtalk.com/robot/send?access_token=T0KEN9"
    assert login("member").get("/notify/robots/").status_code == 404 or "党员群" not in login("member").get(
        "/notify/robots/").content.decode()


def test_it_keeps_everything_when_the_email_is_bad(login):
    client = login("member")
    before = world.user("member").email
    bad = client.post("/account/notifications/", {"email": "zhangsan@", "t-meeting-email": "on"})
    assert bad.status_code == 400 and "请填写正确的电子邮箱地址" in bad.content.decode()
    user = world.user("member")
    assert user.email == before
    assert not Preference.objects.filter(user=user).exists()
    client.post("/account/notifications/", {"email": " zhangsan@example.com ", "t-meeting-email": "on"})
    assert world.user("member").email == "zhangsan@example.com"


def test_it_says_when_a_message_was_only_written_down(login, settings):
    settings.SMS_BACKEND = "log"
    logged = _delivery("member", status=Status.LOGGED)
    page = login("member").get(logged.get_absolute_url()).content.decode()
    assert "已记录（未外发）" in page and "接收方没有收到" in page and "记录时间" in page
    assert "已记录（未外发）" in login("member").get("/notify/deliveries/").content.decode()
    prefs = login("member").get("/account/notifications/").content.decode()
    assert 'data-testid="kept-locally"' in prefs and "尚未接入短信网关" in prefs
    settings.SMS_BACKEND, settings.EMAIL_BACKEND = "http", "django.core.mail.backends.smtp.EmailBackend"
    assert 'data-testid="kept-locally"' not in login("member").get("/account/notifications/").content.decode()


def test_it_lists_only_my_deliveries_from_the_preferences_link_and_cancels_a_robot_edit_to_the_list(login):
    from dangjian.core.channels.models import Delivery, Robot
    from dangjian.core.models import Notification
    from dangjian.testing import world

    mine = Notification.objects.create(user=world.user("secretary_a"), key="t:mine", title="发给书记的通知")
    other = Notification.objects.create(user=world.user("street"), key="t:other", title="发给街道的通知")
    for n in (mine, other):
        Delivery.objects.create(notification=n, channel="sms", recipient="138****5678")
    secretary = login("secretary_a")
    assert "?mine=true" in secretary.get("/account/notifications/").content.decode()
    page = secretary.get("/notify/deliveries/?mine=true").content.decode()
    assert "发给书记的通知" in page and "发给街道的通知" not in page
    robot = Robot.objects.filter(organization__path__startswith=world.community("a").path).first()
    if robot is not None:
        edit = secretary.get(f"/notify/robots/{robot.pk}/edit/").content.decode()
        assert 'href="/notify/robots/">取消</a>' in edit
