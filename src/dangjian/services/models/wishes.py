"""Micro-wishes (微心愿): submitted → published → claimed → fulfilled → confirmed; one claimant only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import InCommunity, Own, Subtree

from ..choices import WishCategory, WishStatus
from .volunteers import STAFF


class MicroWish(models.Model):
    # Staff of its organization; the resident it is for; the volunteer who claimed it; once published,
    # everyone on the community's public board, who may act on it there (claim it: `writes`); and once
    # taken, still the community (read only), so a late claimant is told someone was first, not "not found".
    reach = (Subtree("organization"), Own("resident__user"), Own("claimed_by"),
             InCommunity("organization", when=Q(status="published"), writes=True),
             InCommunity("organization", when=Q(status__in=["claimed", "fulfilled", "confirmed"])))
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="wishes")
    resident = models.ForeignKey("people.Person", verbose_name="许愿人", on_delete=models.PROTECT, related_name="+")
    content = models.CharField("心愿", max_length=200)
    category = models.CharField("类别", max_length=12, choices=WishCategory.choices)
    budget = models.DecimalField("预算（元）", max_digits=8, decimal_places=2, null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=WishStatus.choices, default=WishStatus.SUBMITTED,
                              db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="认领人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="claimed_wishes")
    claimed_partner = models.ForeignKey("coop.PartnerUnit", verbose_name="认领单位", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    claimed_at = models.DateTimeField("认领时间", null=True, blank=True)
    fulfilled_at = models.DateTimeField("实现时间", null=True, blank=True)
    photo = models.ForeignKey("core.Evidence", verbose_name="实现照片", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    reject_reason = models.CharField("未通过原因", max_length=200, blank=True)
    created = models.DateTimeField("提交时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "微心愿"
        verbose_name_plural = "微心愿"
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.content

    def get_absolute_url(self):
        return reverse("services:wish", kwargs={"pk": self.pk})
