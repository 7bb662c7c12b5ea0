"""Weekly summaries (周总结): one per unit and week, its figures taken from the records of that week."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role


class WeeklySummary(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="单位", on_delete=models.PROTECT,
                                     related_name="weekly_summaries")
    week_start = models.DateField("周一日期")
    # The figures as they stood when submitted; the page shows live figures beside them.
    figures = models.JSONField("本周数据", default=dict, blank=True)
    narrative = models.TextField("工作小结", blank=True)
    next_week = models.TextField("下周安排", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "周总结"
        verbose_name_plural = "周总结"
        ordering = ["-week_start", "organization__path"]
        constraints = [models.UniqueConstraint(fields=["organization", "week_start"], name="summary_once_per_week",
                                               violation_error_message="该单位本周已有周总结。")]

    def __str__(self):
        return f"{self.organization} · {self.week_start:%Y-%m-%d} 周"

    def get_absolute_url(self):
        return reverse("assessment:summary", kwargs={"pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
