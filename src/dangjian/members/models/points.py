"""Points management (双十规范积分): a rule catalogue and a ledger of entries with their source."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

from ..choices import EntryStatus, MemberAck, PointDirection

BASE_POINTS = 60  # every member starts the year with this; bonuses and deductions move it


class PointRule(models.Model):

    is_configuration = True  # made by a migration; test resets keep it
    direction = models.CharField("类别", max_length=10, choices=PointDirection.choices)
    code = models.SlugField("代码", max_length=40, unique=True)
    item = models.CharField("积分项目", max_length=100)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1, help_text="加分填正数，扣分填负数")
    yearly_cap = models.DecimalField("年度上限", max_digits=6, decimal_places=1, null=True, blank=True,
                                     help_text="该项目一年内累计分值的上限（绝对值），留空表示不限")
    automatic = models.BooleanField("系统自动记分", default=False)
    active = models.BooleanField("启用", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["direction", "order", "id"]

    def __str__(self):
        return f"{self.item}（{self.points:+}）"

    def clean(self):
        if self.points is None:
            return
        if self.direction == PointDirection.BONUS and self.points <= 0:
            raise ValidationError({"points": "鼓励类项目分值应为正数。"})
        if self.direction == PointDirection.DEDUCTION and self.points >= 0:
            raise ValidationError({"points": "禁止类项目分值应为负数。"})


class PointEntry(models.Model):
    """One line of a member's points ledger; `source_key` says where it came from (and dedupes)."""

    reach = (Subtree("member__branch"), Own("member__person__user"))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="point_entries")
    rule = models.ForeignKey(PointRule, verbose_name="积分项目", on_delete=models.PROTECT, related_name="entries")
    date = models.DateField("日期", db_index=True)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1)
    reason = models.CharField("事由", max_length=200)
    source_key = models.CharField("来源", max_length=100, blank=True)
    source_url = models.CharField(max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=EntryStatus.choices, default=EntryStatus.APPROVED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField("记录时间", auto_now_add=True)
    # The member's own word on the line: confirmed, or an objection the branch secretary answers.
    member_ack = models.CharField("党员确认", max_length=10, choices=MemberAck.choices, default=MemberAck.UNSEEN,
                                  blank=True)
    objection = models.CharField("异议理由", max_length=200, blank=True)
    ack_at = models.DateTimeField("确认时间", null=True, blank=True)
    reply = models.CharField("答复", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "积分记录"
        verbose_name_plural = "积分记录"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "source_key"], condition=~models.Q(source_key=""),
                                    name="point_entry_once_per_source"),
        ]
        # Entries waiting for a second person's approval (the 待审核的积分 to-do on every landing page): a handful
        # among hundreds of approved entries per member (EXPLAIN in bench/README.md).
        indexes = [models.Index(fields=["member"], name="pointentry_pending",
                                condition=models.Q(status=EntryStatus.PENDING))]

    def __str__(self):
        return f"{self.member} {self.date:%Y-%m-%d} {self.rule.item} {self.points:+}"
