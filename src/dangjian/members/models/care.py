"""Care for elderly, hardship and sick members, and awards (评优) with approval by the level above."""

from django.conf import settings
from django.db import models

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

from ..choices import AwardKind, AwardStatus, CareKind


class CareVisit(models.Model):
    reach = (Subtree("member__branch"), Own("member__person__user"))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="care_visits")
    kind = models.CharField("关怀类型", max_length=20, choices=CareKind.choices)
    date = models.DateField("日期", db_index=True)
    visitors = models.CharField("走访人", max_length=100)
    given = models.CharField("送去/办理", max_length=200, blank=True, help_text="慰问品、慰问金或办理的事项")
    amount = models.DecimalField("慰问金（元）", max_digits=8, decimal_places=2, null=True, blank=True)
    note = models.TextField("情况记录", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党内关怀"
        verbose_name_plural = "党内关怀"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.member}"

    def get_absolute_url(self):
        return self.member.get_absolute_url()


class Award(models.Model):
    """A nomination, approved or rejected by an organization above the nominating one."""

    reach = (Subtree("member__branch"), Own("member__person__user"))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    year = models.PositiveSmallIntegerField("年度", db_index=True)
    kind = models.CharField("荣誉", max_length=30, choices=AwardKind.choices)
    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="awards")
    reason = models.TextField("推荐理由")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    proposer_org = models.ForeignKey("orgs.Organization", verbose_name="推荐组织", on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField("状态", max_length=12, choices=AwardStatus.choices, default=AwardStatus.NOMINATED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评优"
        verbose_name_plural = "评优"
        ordering = ["-year", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["year", "kind", "member"], name="award_once_per_year")]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.member}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:award_list") + f"?year={self.year}"
