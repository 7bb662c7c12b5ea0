"""A notice leaves the inbox by the channels its topic and the person choose: a failed delivery is retried with
back-off (the clock pinned) and logged, then succeeds; it is given up after the last attempt; DingTalk posts are
signed as DingTalk documents; a group gets one post per text; a channel turned off sends nothing."""

import base64
import hashlib
import hmac
from datetime import timedelta
from urllib.parse import unquote_plus

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from dangjian.core.channels import deliveries, preferences
from dangjian.core.channels.backends import dingtalk_sign
from dangjian.core.channels.models import Channel, Delivery, Robot, Status
from dangjian.core.channels.topics import BY_CODE, EMAIL, GROUP, SMS
from dangjian.core.models import Notification
from dangjian.core.notify import notify
from dangjian.testing import world
from dangjian.testing.clock import moment

PHONE = "13812345678"


def _member(phone=PHONE):
    user = world.user("member")
    person = user.person
    person.phone = phone
    person.save()
    return world.user("member")


def _now():
    return moment(timezone.localdate())


def _gateway(stub, **extra):
    return override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=f"{stub.url}/sms", SMS_GATEWAY_SUCCESS="code=0",
                             SMS_SIGNATURE="东风社区", NOTIFY_RETRY_SECONDS=60, **extra)


def test_it_retries_a_failed_sms_with_back_off_then_sends(db, stub):
    user = _member()
    stub.reply((500, {"message": "busy"}), (200, {"code": 0}))
    start = _now()
    with _gateway(stub), time_machine.travel(start, tick=False):
        assert notify(user, "meeting:9001:upcoming", "会议提醒：党员大会", "明天 14:30 在党群服务中心召开。")
        delivery = Delivery.objects.get(notification__key="meeting:9001:upcoming", channel=Channel.SMS)
        assert delivery.status == Status.PENDING and delivery.attempts == 1
        assert delivery.last_error == "短信网关返回 HTTP 500"
        assert delivery.next_attempt_at == start + timedelta(seconds=60)
        assert deliveries.send_due() == {}  # not due yet: nothing sent twice
    with _gateway(stub), time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert deliveries.send_due() == {Status.SENT: 1}
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and delivery.attempts == 2 and delivery.last_error == ""
    assert delivery.sent_at == start + timedelta(seconds=61)
    assert len(stub.requests) == 2
    sent = stub.requests[-1]["json"]
    assert sent == {"phone": PHONE, "text": "【东风社区】会议提醒：党员大会：明天 14:30 在党群服务中心召开。"}
    assert delivery.recipient == "138****5678"


def test_it_doubles_the_wait_and_gives_up_after_the_last_attempt(db, stub):
    user = _member()
    stub.reply(*[(500, {})] * 3)
    start = _now()
    with _gateway(stub, NOTIFY_MAX_ATTEMPTS=3):
        with time_machine.travel(start, tick=False):
            notify(user, "supervision:9002", "【督办】任务已超过时限3天")
        delivery = Delivery.objects.get(notification__key="supervision:9002", channel=Channel.SMS)
        assert delivery.next_attempt_at == start + timedelta(seconds=60)
        with time_machine.travel(start + timedelta(seconds=60), tick=False):
            deliveries.send_due()
        delivery.refresh_from_db()
        assert delivery.attempts == 2 and delivery.next_attempt_at == start + timedelta(seconds=180)
        with time_machine.travel(start + timedelta(seconds=180), tick=False):
            deliveries.send_due()
    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED and delivery.attempts == 3 and delivery.next_attempt_at is None
    assert delivery.last_error == "短信网关返回 HTTP 500（已尝试 3 次，不再重试）"


def test_it_refuses_at_once_when_no_phone_is_on_file(db):
    user = _member(phone="")
    notify(user, "meeting:9003:upcoming", "会议提醒")
    delivery = Delivery.objects.get(notification__key="meeting:9003:upcoming", channel=Channel.SMS)
    assert delivery.status == Status.FAILED and delivery.attempts == 1
    assert "没有手机号码" in delivery.last_error


def test_it_writes_sms_to_the_log_file_masked_by_default_and_never_calls_it_sent(db, settings, tmp_path):
    settings.SMS_LOG_FILE = tmp_path / "sms.log"
    user = _member()
    notify(user, "birthday:9004:2030", "生日快乐！", "祝您生日快乐，身体健康！")
    delivery = Delivery.objects.get(notification__key="birthday:9004:2030")
    assert delivery.status == Status.LOGGED and delivery.get_status_display() == "已记录（未外发）"
    line = (tmp_path / "sms.log").read_text(encoding="utf-8")
    assert "138****5678" in line and PHONE not in line and "生日快乐" in line


def _robot(org, kind, url, secret=""):
    return Robot.objects.create(organization=org, kind=kind, name=f"{org.name}{kind}群", webhook=url, secret=secret)


def test_it_signs_dingtalk_posts_as_dingtalk_documents(db, stub, community_a):
    Robot.objects.filter(organization=community_a).delete()
    secret = "SEC0123456789abcdef"
    _robot(community_a, "dingtalk", f"{stub.url}/robot/send?access_token=abc", secret)
    user = world.user("secretary_a")
    notify(user, "owe:9005:theme_day:2030", "本月主题党日尚未开展", "要求每月1次，已开展0次。")
    delivery = Delivery.objects.get(notification__key="owe:9005:theme_day:2030", channel=Channel.DINGTALK)
    assert delivery.status == Status.SENT
    request = stub.requests[-1]
    assert request["query"]["access_token"] == ["abc"]
    stamp = request["query"]["timestamp"][0]
    sign = unquote_plus(request["raw_query"].split("sign=")[1])  # as sent: the Base64 URL-encoded once
    expected = base64.b64encode(hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest())
    assert sign == expected.decode()
    assert abs(int(stamp) - int(timezone.now().timestamp() * 1000)) < 60_000
    assert request["json"] == {"msgtype": "text", "text": {"content": "本月主题党日尚未开展\n要求每月1次，已开展0次。"}}
    assert dingtalk_sign("a", 1) == dingtalk_sign("a", 1) != dingtalk_sign("a", 2)


def test_it_retries_a_robot_that_answers_an_error_code(db, stub, community_a):
    Robot.objects.filter(organization=community_a).delete()
    _robot(community_a, "wecom", f"{stub.url}/cgi-bin/webhook/send?key=k1")
    stub.reply((200, {"errcode": 93000, "errmsg": "invalid webhook url"}), (200, {"errcode": 0, "errmsg": "ok"}))
    start = _now()
    with time_machine.travel(start, tick=False):
        notify(world.user("secretary_a"), "owe:9006:x:2030", "本季度党课尚未开展")
    delivery = Delivery.objects.get(notification__key="owe:9006:x:2030", channel=Channel.WECOM)
    assert delivery.status == Status.PENDING
    assert delivery.last_error == "企业微信群机器人返回错误 errcode=93000：invalid webhook url"
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        assert deliveries.send_due_deliveries(timezone.localdate()) == "已发送 1 条"
    delivery.refresh_from_db()
    assert delivery.status == Status.SENT and stub.requests[-1]["json"]["msgtype"] == "text"


def test_it_posts_the_same_notice_once_to_a_group(db, stub, community_a):
    Robot.objects.filter(organization=community_a).delete()
    robot = _robot(community_a, "wecom", f"{stub.url}/hook")
    for username in ("secretary_a", "branch"):
        notify(world.user(username), f"owe:9007:{username}", "本月主题党日尚未开展", "要求每月1次。")
    assert Delivery.objects.filter(robot=robot).count() == 1
    assert len(stub.requests) == 1


def test_it_sends_nothing_by_a_channel_turned_off(db, stub, community_a):
    user = _member()
    preferences.save(user, {("meeting", EMAIL)})  # SMS and the group off, e-mail on
    user.email = "zhang@example.com"
    user.save()
    notify(user, "meeting:9008:upcoming", "会议提醒：党课")
    rows = Delivery.objects.filter(notification__key="meeting:9008:upcoming")
    assert [r.channel for r in rows] == [Channel.EMAIL]
    assert rows[0].recipient == "z***@example.com" and rows[0].status == Status.SENT
    assert mail.outbox[-1].to == ["zhang@example.com"] and mail.outbox[-1].subject == "会议提醒：党课"
    assert Notification.objects.filter(user=user, key="meeting:9008:upcoming").exists()  # the inbox always


def test_it_keeps_notices_of_no_topic_in_the_inbox(db):
    notify(_member(), "award:9009", "祝贺您获评党员之星")
    assert not Delivery.objects.filter(notification__key="award:9009").exists()


def test_it_offers_a_group_only_what_may_be_read_by_a_group():
    assert GROUP not in BY_CODE["help_visit"].channels and SMS in BY_CODE["help_visit"].channels


def test_it_lets_one_worker_claim_a_delivery(db):
    user = _member()
    note = Notification.objects.create(user=user, key="meeting:9010:x", title="t")
    row = Delivery.objects.create(notification=note, channel=Channel.SMS, topic="meeting", recipient="x",
                                  next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert deliveries.claim(row.pk) is True
    assert deliveries.claim(row.pk) is False  # the second worker finds it taken
    stale = timezone.now() + deliveries.STALE_AFTER + timedelta(seconds=1)
    assert deliveries.claim(row.pk, now=stale) is True  # a worker that died loses it after ten minutes


def test_it_sends_birthday_greetings_through_the_channels(db, settings, tmp_path):
    from dangjian.members.models import PartyMember
    from dangjian.members.reminders import birthdays

    settings.SMS_LOG_FILE = tmp_path / "sms.log"
    user = _member()
    today = timezone.localdate()
    person = user.person
    person.birth_date = today.replace(year=today.year - 40)  # 40 years: 29 February falls on one too
    person.save()
    assert PartyMember.objects.filter(person=person).exists()
    birthdays(today)
    delivery = Delivery.objects.get(notification__user=user, notification__key__startswith="birthday:")
    assert delivery.channel == Channel.SMS and delivery.topic == "birthday" and delivery.status == Status.LOGGED


@pytest.mark.parametrize("attempts,seconds", [(1, 60), (2, 120), (3, 240), (20, 6 * 3600)])
def test_it_waits_longer_after_each_failure(settings, attempts, seconds):
    settings.NOTIFY_RETRY_SECONDS = 60
    assert deliveries.backoff(attempts) == timedelta(seconds=seconds)


def test_it_fills_a_get_gateways_address(db, stub):
    user = _member()
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_METHOD="GET", SMS_SIGNATURE="党建",
                           SMS_GATEWAY_URL=f"{stub.url}/send?to={{phone}}&msg={{text}}"):
        notify(user, "meeting:9011:upcoming", "会议提醒：党课", "周五 9:00 & 准时")
    assert stub.requests[-1]["method"] == "GET"
    assert stub.requests[-1]["query"] == {"to": [PHONE], "msg": ["【党建】会议提醒：党课：周五 9:00 & 准时"]}


def test_it_never_puts_the_full_address_in_an_email_error(db, monkeypatch):
    import smtplib

    import django.core.mail

    user = _member()
    preferences.save(user, {("meeting", EMAIL)})
    user.email = "zhang.san@example.com"
    user.save()

    def refused(subject, text, sender, to, fail_silently):
        raise smtplib.SMTPRecipientsRefused({to[0]: (550, f"5.1.1 <{to[0]}>: user unknown".encode())})

    monkeypatch.setattr(django.core.mail, "send_mail", refused)
    notify(user, "meeting:9012:upcoming", "会议提醒：党课")
    delivery = Delivery.objects.get(notification__key="meeting:9012:upcoming", channel=Channel.EMAIL)
    assert delivery.status == Status.FAILED and delivery.attempts == 1  # a refused address: no retry
    assert delivery.last_error == "邮件服务器拒收该收件地址，请核对账号的电子邮箱"
    assert "zhang.san" not in delivery.last_error and delivery.recipient == "z***@example.com"


@pytest.mark.parametrize("error,reason", [
    (lambda: __import__("smtplib").SMTPAuthenticationError(535, b"bad user zhang.san@example.com"), "登录失败"),
    (lambda: __import__("smtplib").SMTPServerDisconnected("lost zhang.san@example.com"), "无法连接邮件服务器"),
    (lambda: ConnectionRefusedError(111, "refused"), "无法连接邮件服务器"),
    (lambda: TimeoutError("timed out"), "秒内没有应答"),
])
def test_it_retries_other_email_errors_with_fixed_chinese_texts(db, monkeypatch, error, reason):
    import django.core.mail

    user = _member()
    preferences.save(user, {("meeting", EMAIL)})
    user.email = "zhang.san@example.com"
    user.save()

    def broken(*args, **kwargs):
        raise error()

    monkeypatch.setattr(django.core.mail, "send_mail", broken)
    notify(user, "meeting:9013:upcoming", "会议提醒：党课")
    delivery = Delivery.objects.get(notification__key="meeting:9013:upcoming", channel=Channel.EMAIL)
    assert delivery.status == Status.PENDING and reason in delivery.last_error
    assert "zhang.san" not in delivery.last_error


def test_it_calls_mail_kept_in_a_file_logged_not_sent(db, settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    user = _member()
    preferences.save(user, {("meeting", EMAIL)})
    user.email = "zhang@example.com"
    user.save()
    notify(user, "meeting:9014:upcoming", "会议提醒：党课")
    assert Delivery.objects.get(notification__key="meeting:9014:upcoming").status == Status.LOGGED
    assert len(list(tmp_path.iterdir())) == 1
