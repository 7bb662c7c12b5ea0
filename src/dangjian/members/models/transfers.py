"""组织关系转接: transfers of a member's organizational relationship, within the platform and out of it.

One row per transfer, whatever its direction:
- within the platform (`within`): from a branch to another branch anywhere on the platform; the receiving side
  accepts or rejects; the member's `branch` moves only on acceptance (members/transfers/actions.py);
- out of the platform (`out`): a 介绍信 to an organization outside; issuing it makes the member 转出, the
  return slip (回执) closes it;
- into the platform (`in`): a member arriving with a letter from outside, registered into a branch here.

Both sides see the row: the sending branch's subtree and the receiving branch's (the two Subtree declarations);
only the sending side's declaration writes (an edit of what was sent); the receiving side acts through its own
predicates (`may_accept`, `may_reject`). `from_community` / `to_community` are the communities of the two branches,
kept so that the figures group by community and a list tells a move inside one community from one between two.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

from ..transfers.choices import DEFAULT_VALID_DAYS, TransferKind, TransferStatus


class Transfer(models.Model):
    reach = (Subtree("from_branch"), Subtree("to_branch", writes=False))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    kind = models.CharField("转接类型", max_length=10, choices=TransferKind.choices, default=TransferKind.WITHIN)
    status = models.CharField("状态", max_length=12, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="transfers")
    from_branch = models.ForeignKey("orgs.Organization", verbose_name="转出支部", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="transfers_out")
    to_branch = models.ForeignKey("orgs.Organization", verbose_name="接收支部", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="transfers_in")
    from_community = models.ForeignKey("orgs.Organization", verbose_name="转出社区", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    to_community = models.ForeignKey("orgs.Organization", verbose_name="接收社区", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    outside_org = models.CharField("平台外党组织", max_length=100, blank=True,
                                   help_text="转出时为接收党组织，转入时为原所在党组织。")
    outside_parent = models.CharField("其上级党组织", max_length=100, blank=True)
    letter_number = models.CharField("介绍信编号", max_length=40, blank=True)
    valid_days = models.PositiveSmallIntegerField("有效期（天）", default=DEFAULT_VALID_DAYS)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    date = models.DateField("转接日期")
    reason = models.CharField("转接原因", max_length=200)
    decided_on = models.DateField("接收（退回）日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办理人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.CharField("退回理由", max_length=200, blank=True)
    returned_on = models.DateField("回执日期", null=True, blank=True)
    status_before = models.CharField("转出前状态", max_length=20, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        ordering = ["-date", "-id"]
        constraints = [
            # A double click, or two secretaries at once: one pending transfer per member, on both databases.
            models.UniqueConstraint(fields=["member"], condition=Q(status="pending"),
                                    name="transfer_one_pending_per_member"),
            # The 介绍信 number is the letter's identity (stub, slip and the receiving side's records quote it).
            models.UniqueConstraint(fields=["letter_number"], condition=Q(kind="out"),
                                    name="transfer_letter_number_once",
                                    violation_error_message="该介绍信编号已使用。"),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="transfer_status_valid")]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()}（{self.date:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("transfers:transfer", kwargs={"pk": self.pk})

    @property
    def from_label(self) -> str:
        return self.from_branch.name if self.from_branch_id else self.outside_org

    @property
    def to_label(self) -> str:
        return self.to_branch.name if self.to_branch_id else self.outside_org

    def compute_valid_until(self):
        return self.date + timedelta(days=self.valid_days) if self.kind == TransferKind.OUT and self.date else None


__all__ = ["Transfer"]
