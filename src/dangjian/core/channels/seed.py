"""Demo channels, built relative to the clock: each community a group robot left switched off (its address a
placeholder to replace: nothing is ever posted to it), and a few days of deliveries — SMS written to the log
only (已记录（未外发）, as the default backend does), and a robot's failed post — so the delivery log and its
scoping have rows to show."""

from datetime import timedelta

from django.utils import timezone

from ..masking import mask_phone
from ..models import Notification
from ..roles import Role
from ..seeding import seeder
from .models import Channel, Delivery, Robot, RobotKind, Status

PLACEHOLDER = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=请替换为群机器人的地址"
SHOWN = (Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY, Role.MEMBER)


@seeder(98)
def seed_channels(ctx):
    from dangjian.orgs.models import RoleAssignment

    if not ctx.first:  # the other districts of the large scales need no demo log
        return
    now = timezone.now()
    robots = {}
    for community in ctx.data["communities"]:
        robots[community.path] = Robot.objects.create(
            organization=community, kind=RobotKind.WECOM, name=f"{community.name}党员群", webhook=PLACEHOLDER,
            active=False)
    holders = (RoleAssignment.objects.filter(role__in=SHOWN, organization__path__startswith=ctx.data["district"].path)
               .select_related("organization", "user__person").order_by("pk")[:40])
    for n, held in enumerate(holders):
        person = getattr(held.user, "person", None)
        org = person.organization if person is not None else held.organization
        when = now - timedelta(days=n % 5, hours=2)
        note = Notification.objects.create(
            user=held.user, key=f"meeting:demo:{held.pk}", kind="org_life", title="会议提醒：主题党日",
            body=f"{timezone.localtime(when + timedelta(days=2)):%m月%d日} 14:30 在党群服务中心召开，请准时参加。",
            url="/members/meetings/")
        Delivery.objects.create(
            notification=note, channel=Channel.SMS, topic="meeting", organization=org,
            recipient=mask_phone(person.phone) if person is not None and person.phone else "（未登记）",
            status=Status.LOGGED, attempts=1, sent_at=when)  # the demo's SMS backend writes sms.log only
        robot = next((r for path, r in robots.items() if org.path.startswith(path)), None)
        if robot is not None and held.role == Role.COMMUNITY_SECRETARY:
            Delivery.objects.create(
                notification=note, channel=robot.kind, topic="meeting", robot=robot, organization=robot.organization,
                recipient=robot.name, digest=f"demo-{note.pk}", status=Status.FAILED, attempts=5,
                last_error="企业微信群机器人返回错误 errcode=93000：invalid webhook url（已尝试 5 次，不再重试）")
