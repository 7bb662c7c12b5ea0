"""The problem list (问题清单): found, rectified, resolved with evidence, verified by the level above."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dangjian.core import tree
from dangjian.core.querysets import ScopedQuerySet
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
    # A problem a resident raised (a 社情民意 report from the phone): they are asked whether it was fixed once it
    # is resolved, and it stays on their community's 两公开 board (`raised_in`) wherever it is handled.
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="反映居民", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+", editable=False)
    raised_in = models.ForeignKey("orgs.Organization", verbose_name="反映社区", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", editable=False)
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


class DeadlineRule(models.Model):
    """How long a problem may stay open, set by each street's committee.

    A problem registered without a deadline gets one from its street's rule, whatever its source (a
    visit, a 社情民意 report, an inspection, the form, the API), so that it can fall overdue and be
    supervised; a street that has not set a rule works to the defaults below.
    """

    reach = (Subtree("street"),)
    edit_roles = {Role.STREET_ADMIN}

    street = models.OneToOneField("orgs.Organization", verbose_name="街道党工委", on_delete=models.CASCADE,
                                  related_name="deadline_rule")
    days = models.PositiveSmallIntegerField("一般问题整改时限（天）", default=15)
    urgent_days = models.PositiveSmallIntegerField(
        "紧急问题整改时限（天）", default=3, help_text="程度为“严重”的问题，以及标为“紧急”的社情民意转成的问题")
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "整改时限规则"
        verbose_name_plural = "整改时限规则"
        ordering = ["street__path"]

    def __str__(self):
        return f"{self.street.name}整改时限规则" if self.street_id else "整改时限规则"

    def get_absolute_url(self):
        return reverse("ledgers:deadline_rules")

    def clean(self):
        from dangjian.orgs.choices import OrgKind

        errors = {}
        if self.street_id and self.street.kind != OrgKind.STREET_COMMITTEE:
            errors["street"] = "整改时限规则由街道党工委制定，请选择街道党工委。"
        for field in ("days", "urgent_days"):
            value = getattr(self, field)
            if value is not None and not 1 <= value <= 365:
                errors[field] = "整改时限应在 1 到 365 天之间。"
        if not errors and self.days is not None and self.urgent_days is not None and self.urgent_days > self.days:
            errors["urgent_days"] = "紧急问题的整改时限不能长于一般问题。"
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_organization(cls, org) -> "DeadlineRule":
        """The rule of the street `org` lies in (the defaults where that street has set none)."""
        street = tree.at_depth(org.path, tree.STREET_DEPTH)
        return (street and cls.objects.filter(street__path=street).first()) or cls()

    def deadline(self, registered: date, urgent: bool) -> date:
        return registered + timedelta(days=self.urgent_days if urgent else self.days)
