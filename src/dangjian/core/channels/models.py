"""The channels' records: the group robots an organization configures, what each person chose, and one delivery
row per (notification, channel) that the job queue works through."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..fields import EncryptedCharField
from ..masking import mask_phone
from ..querysets import ScopedQuerySet
from ..reach import Own, Subtree
from ..roles import Role
from .topics import CHOICES, TOPICS

CONFIGURERS = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"
    WECOM = "wecom", "企业微信群"
    DINGTALK = "dingtalk", "钉钉群"


class RobotKind(models.TextChoices):
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"


class Robot(models.Model):
    """A group robot (webhook) of one organization: the notices of people at or below it, for topics that may go
    to a group, are posted there (the nearest organization up the tree that has one of the kind)."""

    reach = (Subtree("organization"),)
    edit_roles = CONFIGURERS

    organization = models.ForeignKey("orgs.Organization", verbose_name="所属组织", on_delete=models.PROTECT,
                                     related_name="+")
    kind = models.CharField("类型", max_length=10, choices=RobotKind.choices)
    name = models.CharField("群名称", max_length=60, help_text="如“东风社区党员群”，显示在发送记录中。")
    webhook = EncryptedCharField("Webhook 地址", help_text="群设置 → 群机器人 → 添加机器人后复制的地址，"
                                 "以 https:// 开头。地址含密钥，加密保存。")
    secret = EncryptedCharField("加签密钥", blank=True,
                                help_text="仅钉钉：安全设置选择“加签”时显示的 SEC 开头的字符串。")
    active = models.BooleanField("启用", default=True, help_text="停用后不再向该群发送，已有发送记录保留。")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "工作群机器人"
        verbose_name_plural = "工作群机器人"
        ordering = ["organization__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="channels_robot_one_per_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("channels:robot_edit", kwargs={"pk": self.pk})

    @property
    def webhook_masked(self) -> str:
        """The address without its key: host and path, the token hidden."""
        base = (self.webhook or "").split("?", 1)[0]
        return f"{base}?…" if "?" in (self.webhook or "") else (base[:40] + "…" if len(base) > 40 else base)


class Preference(models.Model):
    """One person's choice of a channel for a topic (topics.py); without a row the topic's default holds."""

    reach = (Own("user", roles=None),)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preferences")
    topic = models.CharField("通知类别", max_length=30, choices=[(t.code, t.label) for t in TOPICS])
    channel = models.CharField("方式", max_length=10, choices=CHOICES)
    enabled = models.BooleanField("接收", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知方式设置"
        verbose_name_plural = "通知方式设置"
        constraints = [models.UniqueConstraint(fields=["user", "topic", "channel"], name="channels_pref_once")]

    def __str__(self):
        return f"{self.get_topic_display()} {self.get_channel_display()}"


class Status(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    LOGGED = "logged", "已记录（未外发）"  # the default SMS/e-mail backends: written to a file, no one received it
    FAILED = "failed", "发送失败"


class Delivery(models.Model):
    """A notification on its way through one channel: claimed by one worker at a time, retried with back-off,
    given up after DANGJIAN_NOTIFY_MAX_ATTEMPTS. `recipient` is kept masked (a phone as 138****5678): the number
    itself is read from the person, decrypted, only when it is sent."""

    reach = (Subtree("organization", roles=CONFIGURERS), Own("notification__user", roles=None))
    edit_roles = CONFIGURERS

    notification = models.ForeignKey("core.Notification", verbose_name="通知", on_delete=models.CASCADE,
                                     related_name="deliveries")
    channel = models.CharField("方式", max_length=10, choices=Channel.choices)
    topic = models.CharField("通知类别", max_length=30, choices=[(t.code, t.label) for t in TOPICS])
    robot = models.ForeignKey(Robot, verbose_name="工作群", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="deliveries")
    organization = models.ForeignKey("orgs.Organization", verbose_name="所属组织", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    recipient = models.CharField("接收方", max_length=100)
    digest = models.CharField(max_length=64, blank=True)  # a group robot posts one text once a day
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)
    last_error = models.CharField("最近一次错误", max_length=300, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "通知发送记录"
        verbose_name_plural = "通知发送记录"
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="channels_delivery_once"),
            models.UniqueConstraint(fields=["robot", "digest"], condition=Q(robot__isnull=False),
                                    name="channels_robot_post_once"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="channels_delivery_due")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("channels:delivery", kwargs={"pk": self.pk})


def mask_email(value: str) -> str:
    name, _, domain = (value or "").partition("@")
    if not domain:
        return mask_phone(value)
    return f"{name[:1]}***@{domain}"
