"""The task list (任务清单) in two levels, with append-only progress entries."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

from ..choices import Category
from .base import SoftDeleteModel


class Task(SoftDeleteModel):
    """A committee task (no parent) or a community task split from it (parent set)."""

    reach = (Subtree("organization"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    parent = models.ForeignKey("self", verbose_name="上级任务", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    organization = models.ForeignKey("orgs.Organization", verbose_name="牵头组织", on_delete=models.PROTECT,
                                     related_name="tasks")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    title = models.CharField("任务", max_length=200)
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    target_value = models.DecimalField("目标值", max_digits=10, decimal_places=2, null=True, blank=True)
    target_unit = models.CharField("单位", max_length=20, blank=True, help_text="如：次、个、户、%")
    measures = models.TextField("工作措施", blank=True)
    deadline = models.DateField("完成时限")
    responsible_person = models.ForeignKey("people.Person", verbose_name="责任人", null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+")
    weight = models.DecimalField("权重", max_digits=5, decimal_places=2, default=Decimal(1))
    problems = models.ManyToManyField("ledgers.Problem", verbose_name="针对的问题", blank=True, related_name="tasks")
    done_on = models.DateField("完成日期", null=True, blank=True)
    evidence = models.ManyToManyField("core.Evidence", verbose_name="佐证材料", blank=True, related_name="+")
    no_evidence_reason = models.CharField("无佐证材料的说明", max_length=200, blank=True)
    reason_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="说明认可人", null=True,
                                           blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务清单"
        ordering = ["-year", "deadline", "id"]
        indexes = [
            models.Index(fields=["organization", "year", "deadline"], name="task_org_year"),
            # Tasks still to do (states.task_state_q "ongoing"/"overdue"): every landing page counts them, and
            # they are few among the years of done ones (EXPLAIN in bench/README.md).
            models.Index(fields=["organization", "deadline"], name="task_open",
                         condition=models.Q(done_on__isnull=True, deleted_at__isnull=True)),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ledgers:task", kwargs={"pk": self.pk})

    @property
    def is_late(self) -> bool:
        today = timezone.localdate()
        return (self.done_on is None and self.deadline < today) or bool(self.done_on and self.done_on > self.deadline)

    def clean(self):
        errors = {}
        if self.target_value is not None and self.target_value <= 0:
            errors["target_value"] = "目标值应大于 0。"
        if self.weight is not None and self.weight <= 0:
            errors["weight"] = "权重应大于 0。"
        if self.parent_id:
            if self.pk and self.parent_id == self.pk:
                errors["parent"] = "任务不能以自己为上级任务。"
            elif self.pk and Task.objects.filter(parent_id=self.pk).exists():
                errors["parent"] = "已分解的任务不能再挂到其他任务之下（任务只分两级）。"
            elif self.parent.parent_id:
                errors["parent"] = "任务只分两级：社区任务不能再往下分解。"
            elif self.organization_id and not self.organization.path.startswith(self.parent.organization.path):
                errors["organization"] = "分解任务的牵头组织须在上级任务牵头组织之下。"
            if self.deadline and self.parent.deadline and self.deadline > self.parent.deadline:
                errors["deadline"] = "分解任务的时限不能晚于上级任务。"
        if errors:
            raise ValidationError(errors)


class ProgressEntry(models.Model):
    """One report of progress. Append-only: a correction is a new entry, never an edit."""

    reach = (Subtree("task__organization"),)
    edit_roles = Task.edit_roles

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.PROTECT, related_name="entries")
    date = models.DateField("日期")
    value = models.DecimalField("完成值", max_digits=10, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField("完成进度（%）", max_digits=5, decimal_places=1)
    note = models.TextField("进展说明")
    evidence = models.ManyToManyField("core.Evidence", verbose_name="佐证材料", blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "进展记录"
        verbose_name_plural = "进展记录"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.task} {self.date:%Y-%m-%d} {self.percent}%"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("进展记录一经登记不能修改；如需更正，请登记一条新的进展。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("进展记录不能删除；如需更正，请登记一条新的进展。")
