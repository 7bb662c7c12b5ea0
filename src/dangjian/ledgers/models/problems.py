"""The problem list (问题清单): found, rectified, resolved with evidence, verified by the level above."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

from ..choices import OPEN_PROBLEM_STATUSES, Category, ProblemStatus, Severity, Source
from .base import SoftDeleteModel


class Problem(SoftDeleteModel):
    reach = (Subtree("organization"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="所属组织", on_delete=models.PROTECT,
                                     related_name="problems")
    title = models.CharField("问题", max_length=200)
    description = models.TextField("具体表现", blank=True)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    source_visit = models.ForeignKey("ledgers.Visit", verbose_name="来源走访", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="problems")
    found_on = models.DateField("发现日期", default=timezone.localdate)
    severity = models.CharField("程度", max_length=10, choices=Severity.choices, default=Severity.NORMAL)
    responsible_org = models.ForeignKey("orgs.Organization", verbose_name="责任组织", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    responsible_person = models.ForeignKey("people.Person", verbose_name="责任人", null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    deadline = models.DateField("整改时限", null=True, blank=True)
    measures = models.TextField("整改措施", blank=True)
    status = models.CharField("状态", max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN,
                              db_index=True)
    resolution = models.TextField("整改结果", blank=True)
    resolved_on = models.DateField("整改完成日期", null=True, blank=True)
    evidence = models.ManyToManyField("core.Evidence", verbose_name="佐证材料", blank=True, related_name="+")
    no_evidence_reason = models.CharField("无佐证材料的说明", max_length=200, blank=True)
    reason_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="说明认可人", null=True,
                                           blank=True, on_delete=models.SET_NULL, related_name="+")
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="验收人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_on = models.DateField("验收日期", null=True, blank=True)
    closed_reason = models.CharField("关闭原因", max_length=200, blank=True)
    # The organization itself may not close its problem; it asks the level above, who closes or declines.
    close_requested_at = models.DateTimeField("申请关闭时间", null=True, blank=True, editable=False)
    close_request_reason = models.CharField("申请关闭理由", max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField("登记时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "问题"
        verbose_name_plural = "问题清单"
        ordering = ["-found_on", "-id"]
        indexes = [models.Index(fields=["organization", "status", "deadline"], name="problem_org_status")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:problem", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return bool(self.deadline and self.status in OPEN_PROBLEM_STATUSES and self.deadline < timezone.localdate())
