"""A robot's webhook holds the group's key and is typed in by a community secretary, so: it may only name 企业微信 or
钉钉 (or a host the operator admitted), over https; the form never shows it again; a bad address fails at once
without a request; no log line, delivery error or redirect leaks or follows it."""

import logging

import pytest
from django.test import override_settings

from dangjian.core.channels import backends
from dangjian.core.channels.models import Channel, Delivery, Robot, Status
from dangjian.core.channels.webhooks import problem, redact
from dangjian.core.notify import notify
from dangjian.testing import world

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K3Y0000SECRET"
DINGTALK = "https://oapi.dingtalk.com/robot/send?access_token=T0KEN0000SECRET"


def _form(org, webhook, **extra):
    return {"organization": org.pk, "kind": "wecom", "name": "党员群", "webhook": webhook, "active": "on", **extra}


def _robot(org, url, kind="wecom"):
    Robot.objects.filter(organization=org).delete()
    return Robot.objects.create(organization=org, kind=kind, name="党员群", webhook=url)


@pytest.mark.parametrize("url,says", [
    ("http://169.254.169.254/latest/meta-data", "只能是企业微信"),
    ("https://10.0.0.5/cgi-bin/webhook/send?key=K3Y0000SECRET", "只能是企业微信"),
    ("https://qyapi.weixin.qq.com.evil.example/send?key=K3Y0000SECRET", "只能是企业微信"),
    ("https://qyapi.weixin.qq.com@evil.example/send?key=K3Y0000SECRET", "用户名或密码"),
    ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K3Y0000SECRET", "须以 https:// 开头"),
    ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K3Y0000 SECRET", "格式不正确"),
    ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K3Y0000\nSECRET", "格式不正确"),
    ("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K3Y0000SECRET", "格式不正确"),
])
def test_it_refuses_a_robot_address_outside_the_two_services(login, community_a, url, says):
    Robot.objects.filter(organization=community_a).delete()
    page = login("secretary_a").post("/notify/robots/add/", _form(community_a, url))
    text = page.content.decode()
    assert says in text and "K3Y0000" not in text  # the reason in Chinese; the key not echoed back
    assert not Robot.objects.filter(organization=community_a).exists()


def test_it_admits_the_two_services_and_the_hosts_the_operator_lists(settings):
    settings.ROBOT_HOSTS = []
    assert problem(WECOM) == problem(DINGTALK) == ""
    assert "只能是企业微信" in problem("https://gw.intra.example/robot?key=k")
    settings.ROBOT_HOSTS = ["gw.intra.example"]
    assert problem("https://gw.intra.example:8443/robot?key=k") == ""
    assert "https://" in problem("http://gw.intra.example/robot?key=k")  # a bare host: https only
    settings.ROBOT_HOSTS = ["http://GW.intra.example"]
    assert problem("http://gw.intra.example/robot?key=k") == ""  # listed with http://: plain http admitted
    settings.ROBOT_HOSTS, settings.DEBUG = [], True
    assert problem("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k") == ""  # a developer's machine


def test_it_never_shows_a_stored_webhook_and_keeps_it_when_left_blank(login, community_a):
    robot = _robot(community_a, WECOM)
    client = login("secretary_a")
    edit = client.get(robot.get_absolute_url()).content.decode()
    assert "K3Y0000SECRET" not in edit
    assert 'name="webhook"' in edit and "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…" in edit
    assert client.post(robot.get_absolute_url(), _form(community_a, "", name="改名的群")).status_code == 302
    robot.refresh_from_db()
    assert robot.webhook == WECOM and robot.name == "改名的群"  # blank keeps the address
    replaced = WECOM.replace("K3Y0000SECRET", "NEWK3Y")
    client.post(robot.get_absolute_url(), _form(community_a, f"  {replaced} "))
    robot.refresh_from_db()
    assert robot.webhook == replaced
    Robot.objects.filter(organization=community_a).delete()
    page = client.post("/notify/robots/add/", _form(community_a, ""))
    assert "请填写 Webhook 地址" in page.content.decode()  # a new robot needs one
    assert not Robot.objects.filter(organization=community_a).exists()


def test_it_posts_nothing_to_a_stored_address_no_longer_allowed(db, stub, community_a):
    robot = _robot(community_a, f"{stub.url}/cgi-bin/webhook/send?key=K3Y0000SECRET")
    with override_settings(ROBOT_HOSTS=[]):  # saved through the gateway, which was later taken off the list
        notify(world.user("secretary_a"), "owe:9101:x:2030", "本月主题党日尚未开展")
    delivery = Delivery.objects.get(robot=robot)
    assert delivery.status == Status.FAILED and delivery.attempts == 1  # given up at once: no retry
    assert "只能是企业微信" in delivery.last_error and "K3Y0000" not in delivery.last_error
    assert stub.requests == []


def test_it_fails_an_unusable_gateway_address_at_once_without_its_key(db, stub, caplog):
    user = world.user("member")
    user.person.phone = "13812345678"
    user.person.save()
    bad = f"{stub.url}/send?apikey=K3Y0000SECRET&to={{phone}}&msg=a b"  # a space: http.client's InvalidURL
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_METHOD="GET", SMS_GATEWAY_URL=bad), \
            caplog.at_level(logging.DEBUG):
        notify(world.user("member"), "meeting:9102:upcoming", "会议提醒：党课")
    delivery = Delivery.objects.get(notification__key="meeting:9102:upcoming", channel=Channel.SMS)
    assert delivery.status == Status.FAILED and delivery.attempts == 1
    assert delivery.last_error == "短信网关的地址无效，请检查配置"
    assert "K3Y0000" not in caplog.text and stub.requests == []
    with pytest.raises(backends.Failed) as failed:
        backends._http("POST", "http://127.0.0.1:k3y/send?key=K3Y0000SECRET", who="企业微信群机器人")
    assert failed.value.permanent and "K3Y0000" not in failed.value.reason


def test_it_does_not_follow_a_robots_redirect(db, stub, community_a):
    robot = _robot(community_a, f"{stub.url}/cgi-bin/webhook/send?key=K3Y0000SECRET")
    stub.reply((302, {}, {"Location": f"{stub.url}/elsewhere"}))
    notify(world.user("secretary_a"), "owe:9103:x:2030", "本月主题党日尚未开展")
    delivery = Delivery.objects.get(robot=robot)
    assert delivery.status == Status.PENDING and delivery.last_error == "企业微信群机器人返回 HTTP 302"
    assert [r["path"] for r in stub.requests] == ["/cgi-bin/webhook/send"]


def test_it_masks_a_robots_key_in_every_log_line(db, stub, community_a, monkeypatch, caplog):
    robot = _robot(community_a, f"{stub.url}/cgi-bin/webhook/send?key=K3Y0000SECRET")

    def broken(kind, webhook, secret, text):  # a fault of ours whose message quotes the address
        raise RuntimeError(f"cannot post to {webhook}")

    monkeypatch.setattr(backends, "send_robot", broken)
    with caplog.at_level(logging.ERROR, logger="dangjian.core.channels.deliveries"):
        notify(world.user("secretary_a"), "owe:9104:x:2030", "本月主题党日尚未开展")
    delivery = Delivery.objects.get(robot=robot)
    assert delivery.last_error == "发送时出现内部错误，详见服务器日志"
    assert "RuntimeError" in caplog.text and f"{stub.url}/cgi-bin/webhook/send?…" in caplog.text
    assert "K3Y0000" not in caplog.text
    assert redact(f"see {DINGTALK} and key=abc&x=1") == (
        "see https://oapi.dingtalk.com/robot/send?… and key=…&x=1")
