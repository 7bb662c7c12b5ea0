"""党费: Party dues: the standard from income bands, monthly dues, payments, bank batches, exemptions.

Money is integer fen everywhere (分): an income basis of 3,000.00 yuan is 300000. The rules that turn an
income into a monthly amount live in `members/dues/standard.py`, once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

DUES_ROLES = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}


class DuesKind(models.TextChoices):
    EMPLOYED = "employed", "在职"
    RETIRED = "retired", "离退休"
    LOW_INCOME = "low_income", "学生、下岗失业、领取最低生活保障"
    FIXED = "fixed", "其他（固定数额）"


class PayMethod(models.TextChoices):
    CASH = "cash", "现金"
    TRANSFER = "transfer", "转账"
    BANK = "bank", "银行代扣"


class ExemptionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


def yuan(fen) -> str:
    """Fen shown as yuan with two decimals ("15.00"), by integer arithmetic."""
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100}.{fen % 100:02d}"


class DuesStandard(models.Model):
    """A member's dues standard from a month on. Rows are dated and never overwritten: a new income basis
    or kind is a new row, and the row in force for a month is the latest one starting on or before it."""

    reach = (Subtree("member__branch"), Own("member__person__user"))
    edit_roles = DUES_ROLES

    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="dues_standards")
    effective_from = models.DateField("起始月份", help_text="自该月起执行")
    kind = models.CharField("党员类型", max_length=20, choices=DuesKind.choices, default=DuesKind.EMPLOYED)
    income_fen = models.PositiveBigIntegerField("月收入基数（分）", default=0)
    rate_bp = models.PositiveIntegerField("交纳比例（万分之）", default=0)
    monthly_fen = models.PositiveIntegerField("每月应交（分）")
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党费标准"
        verbose_name_plural = "党费标准"
        ordering = ["member", "-effective_from", "-id"]
        indexes = [models.Index(fields=["member", "effective_from"], name="dues_standard_member_from")]

    def __str__(self):
        return f"{self.member} {self.effective_from:%Y年%m月}起 每月{yuan(self.monthly_fen)}元"

    def get_absolute_url(self):
        return reverse("dues:member", kwargs={"pk": self.member_id})

    @property
    def monthly_yuan(self) -> str:
        return yuan(self.monthly_fen)

    @property
    def income_yuan(self) -> str:
        return yuan(self.income_fen)

    @property
    def rate_label(self) -> str:
        if self.kind in (DuesKind.LOW_INCOME, DuesKind.FIXED):
            return "定额"
        return f"{self.rate_bp / 100:g}%"


class DuesExemption(models.Model):
    """减免: a member pays less (or nothing) for a span of months, for a reason the level above approves."""

    reach = (Subtree("member__branch"), Own("member__person__user"))
    edit_roles = DUES_ROLES

    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="dues_exemptions")
    start = models.DateField("起始月份")
    end = models.DateField("截止月份", null=True, blank=True, help_text="留空表示长期")
    monthly_fen = models.PositiveIntegerField("减免后每月应交（分）", default=0, help_text="0 表示免交")
    reason = models.CharField("减免理由", max_length=200)
    status = models.CharField("状态", max_length=10, choices=ExemptionStatus.choices,
                              default=ExemptionStatus.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    created = models.DateTimeField("申请时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党费减免"
        verbose_name_plural = "党费减免"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.member} 党费减免（{self.start:%Y年%m月}起）"

    def get_absolute_url(self):
        return reverse("dues:member", kwargs={"pk": self.member_id})

    @property
    def monthly_yuan(self) -> str:
        return yuan(self.monthly_fen)

    def covers(self, month) -> bool:
        return self.start <= month and (self.end is None or month <= self.end)

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": "截止月份不能早于起始月份。"})


class DuesBatch(models.Model):
    """One imported file of bank results (银行代扣): the months it paid point back to it."""

    reach = (Subtree("organization"),)
    edit_roles = DUES_ROLES

    organization = models.ForeignKey("orgs.Organization", verbose_name="导入组织", on_delete=models.PROTECT,
                                     related_name="+")
    file_name = models.CharField("文件名", max_length=200, blank=True)
    rows = models.PositiveIntegerField("行数", default=0)
    total_fen = models.PositiveBigIntegerField("金额合计（分）", default=0)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField("导入时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "银行代扣批次"
        verbose_name_plural = "银行代扣批次"
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.file_name or '银行代扣'}（{self.rows}笔）"


class DuesMonthQuerySet(ScopedQuerySet):
    def owing(self):
        return self.filter(paid_fen__lt=F("due_fen"))

    def settled(self):
        return self.filter(paid_fen__gte=F("due_fen"))

    def in_arrears(self, this_month):
        """Owing months before `this_month` (its first day): a month's dues are paid during that month, so only a
        month that has ended unpaid is 欠交 — on the list, in the reminders and in the figures alike."""
        return self.owing().filter(month__lt=this_month)


class DuesMonth(models.Model):
    """What one member owes for one month and what they paid. The branch is kept on the row (the branch of
    the month it was generated for), so sums per branch stay right after a member moves on."""

    reach = (Subtree("branch"), Own("member__person__user"))
    edit_roles = DUES_ROLES

    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="dues_months")
    branch = models.ForeignKey("orgs.Organization", verbose_name="支部", on_delete=models.PROTECT,
                               related_name="+")
    month = models.DateField("月份", help_text="该月1日")
    due_fen = models.PositiveIntegerField("应交（分）")
    paid_fen = models.PositiveIntegerField("实交（分）", default=0)
    paid_on = models.DateField("交纳日期", null=True, blank=True)
    method = models.CharField("交纳方式", max_length=10, choices=PayMethod.choices, blank=True)
    standard = models.ForeignKey(DuesStandard, verbose_name="执行标准", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    exemption = models.ForeignKey(DuesExemption, verbose_name="减免", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    batch = models.ForeignKey(DuesBatch, verbose_name="代扣批次", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="months")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = DuesMonthQuerySet.as_manager()

    class Meta:
        verbose_name = "月度党费"
        verbose_name_plural = "月度党费"
        ordering = ["-month", "member_id"]
        constraints = [models.UniqueConstraint(fields=["member", "month"], name="dues_month_once")]
        indexes = [
            models.Index(fields=["branch", "month"], name="dues_month_branch"),
            models.Index(fields=["member"], name="dues_month_owing", condition=Q(paid_fen__lt=F("due_fen"))),
        ]

    def __str__(self):
        return f"{self.member} {self.month:%Y年%m月}党费"

    def get_absolute_url(self):
        return reverse("dues:member", kwargs={"pk": self.member_id})

    @property
    def is_settled(self) -> bool:
        return self.paid_fen >= self.due_fen

    @property
    def owing_fen(self) -> int:
        return max(0, self.due_fen - self.paid_fen)

    @property
    def due_yuan(self) -> str:
        return yuan(self.due_fen)

    @property
    def paid_yuan(self) -> str:
        return yuan(self.paid_fen)


__all__ = ["DuesBatch", "DuesExemption", "DuesKind", "DuesMonth", "DuesStandard", "ExemptionStatus", "PayMethod"]
