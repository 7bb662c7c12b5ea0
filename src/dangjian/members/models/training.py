"""Member training (轮训): sessions by content category, with hours and attendees."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import STAFF_ROLES, Subtree
from dangjian.core.roles import Role

from ..choices import TrainingCategory


class TrainingSession(models.Model):
    reach = (Subtree("organization", roles=STAFF_ROLES | {Role.MEMBER}),)  # a member sees their branch's
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT,
                                     related_name="trainings")
    title = models.CharField("培训主题", max_length=200)
    category = models.CharField("内容类别", max_length=20, choices=TrainingCategory.choices)
    date = models.DateField("日期", db_index=True)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    teacher = models.CharField("授课人", max_length=50, blank=True)
    place = models.CharField("地点/方式", max_length=100, blank=True)
    note = models.TextField("内容摘要", blank=True)
    attendees = models.ManyToManyField("members.PartyMember", through="TrainingAttendance", blank=True,
                                       related_name="trainings")
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党员轮训"
        verbose_name_plural = "党员轮训"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("members:training", kwargs={"pk": self.pk})

    def clean(self):
        if self.hours is not None and not Decimal("0.5") <= self.hours <= Decimal("80"):
            raise ValidationError({"hours": "学时应在 0.5 到 80 之间。"})


class TrainingAttendance(models.Model):
    reach = (Subtree("session__organization"),)

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE)
    member = models.ForeignKey("members.PartyMember", on_delete=models.CASCADE)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="training_attend_once")]

    def __str__(self):
        return f"{self.member} · {self.session}"
