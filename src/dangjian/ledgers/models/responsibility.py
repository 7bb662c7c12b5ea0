"""The responsibility list (责任清单) and the target responsibility letters (目标责任书)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

from ..choices import PostKind
from .base import SoftDeleteModel


class ResponsibilityPost(SoftDeleteModel):
    reach = (Subtree("organization"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="组织", on_delete=models.PROTECT,
                                     related_name="responsibility_posts")
    post = models.CharField("岗位", max_length=20, choices=PostKind.choices)
    holder = models.ForeignKey("people.Person", verbose_name="责任人", on_delete=models.PROTECT, related_name="+")
    start = models.DateField("起始日期")
    end = models.DateField("截止日期", null=True, blank=True)
    duties = models.TextField("职责")
    tasks = models.ManyToManyField("ledgers.Task", verbose_name="承担的任务", blank=True,
                                   related_name="responsibilities")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "责任"
        verbose_name_plural = "责任清单"
        ordering = ["organization__path", "post", "-start"]

    def __str__(self):
        return f"{self.organization} · {self.get_post_display()} · {self.holder}"

    def get_absolute_url(self):
        return reverse("ledgers:responsibility_list") + f"?within={self.organization_id}"

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": "截止日期不能早于起始日期。"})


class ResponsibilityLetter(SoftDeleteModel):
    """A yearly target responsibility letter signed between the committee and a community."""

    reach = (Subtree("community"),)
    edit_roles = {Role.STREET_ADMIN}

    committee = models.ForeignKey("orgs.Organization", verbose_name="党工委", on_delete=models.PROTECT,
                                  related_name="+")
    community = models.ForeignKey("orgs.Organization", verbose_name="社区党组织", on_delete=models.PROTECT,
                                  related_name="responsibility_letters")
    year = models.PositiveSmallIntegerField("年度")
    tasks = models.ManyToManyField("ledgers.Task", verbose_name="目标任务", blank=True, related_name="letters")
    signed_on = models.DateField("签订日期", null=True, blank=True)
    scan = models.ForeignKey("core.Evidence", verbose_name="签字扫描件", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    note = models.TextField("备注", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "目标责任书"
        verbose_name_plural = "目标责任书"
        ordering = ["-year", "community__path"]
        constraints = [models.UniqueConstraint(fields=["community", "year"], condition=models.Q(deleted_at=None),
                                               name="letter_once_per_year")]

    def __str__(self):
        return f"{self.year}年 {self.community} 目标责任书"

    def get_absolute_url(self):
        return reverse("ledgers:letter", kwargs={"pk": self.pk})
