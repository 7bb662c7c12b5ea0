"""The steps people take on channels: configure a group robot, send a failed delivery again."""

from django.db import transaction
from django.utils import timezone

from ..workflow import Refused, transition
from .models import Delivery, Robot, Status
from .webhooks import problem


def may_retry(user, delivery) -> bool:
    """A failed delivery may be sent again by whoever configures the channels where it was counted."""
    return delivery.status == Status.FAILED and Delivery.objects.editable_by(user).filter(pk=delivery.pk).exists()


@transaction.atomic
def retry(user, delivery) -> Delivery:
    if not Delivery.objects.editable_by(user).filter(pk=delivery.pk).exists():
        raise Refused.forbidden("您的角色不能重新发送该通知。")
    if delivery.status != Status.FAILED:
        raise Refused.conflict(f"该记录当前为“{delivery.get_status_display()}”，只有发送失败的才能重新发送。")
    delivery = transition(delivery, when={"status": Status.FAILED},
                          to={"status": Status.PENDING, "attempts": 0, "next_attempt_at": timezone.now()},
                          actor=user, refusal="该记录已不是“发送失败”（{state}），请刷新页面。", step="重新发送",
                          reason=delivery.last_error)
    from .deliveries import send_soon

    send_soon.later()
    return delivery


@transaction.atomic
def save_robot(user, robot: Robot) -> Robot:
    """A robot as entered: the secret is for DingTalk's 加签 only; its address a well-formed https address of
    企业微信 or 钉钉, or of a host the operator admitted (webhooks.py: nothing else on the network is reachable)."""
    robot.webhook = (robot.webhook or "").strip()
    robot.secret = (robot.secret or "").strip()
    if robot.kind == "wecom" and robot.secret:
        raise Refused({"secret": "企业微信群机器人没有加签密钥，请留空。"})
    refused = problem(robot.webhook)
    if refused:
        raise Refused({"webhook": refused})
    robot.full_clean()
    robot.save()
    return robot
