"""The resident archive (民情档案): the most sensitive records of the platform.

Who sees a file is narrower than the organization tree: the community's secretary, the grid's staff
and the members of the file's help group — and committee staff only with an explicit archive grant.
Every open of a file is logged.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dangjian.core.history import name_of
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import COUNT, Granted, Own, Subtree
from dangjian.core.roles import Role

CATEGORIES = [
    ("hardship_member", "困难党员"),
    ("elderly_alone", "孤寡老人"),
    ("empty_nest", "空巢老人"),
    ("left_behind_child", "留守儿童"),
    ("disabled", "残疾人"),
    ("low_income", "低保户"),
    ("seriously_ill", "重病"),
    ("other", "其他"),
]
CATEGORY_LABELS = dict(CATEGORIES)
CHILD_AGE = 14


class AssistanceLevel(models.Model):
    is_configuration = True

    level = models.PositiveSmallIntegerField("等级", unique=True)
    label = models.CharField("名称", max_length=20)
    measures = models.TextField("常态化帮扶措施", blank=True)
    visit_interval_days = models.PositiveSmallIntegerField("走访间隔（天）")

    class Meta:
        verbose_name = "帮扶等级"
        verbose_name_plural = "帮扶等级"
        ordering = ["level"]

    def __str__(self):
        return self.label


def _grant_expiry():
    return timezone.localdate() + timedelta(days=90)


class ArchiveGrant(models.Model):
    """A committee user allowed to open files (not just counts) for a part of the tree, until a date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="archive_grants")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("事由", max_length=200)
    expires_on = models.DateField("有效期至", default=_grant_expiry, help_text="到期后自动失效")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "民情档案查阅授权"
        verbose_name_plural = "民情档案查阅授权"

    def __str__(self):
        return f"{name_of(self.user)} · {self.organization}"


class ResidentFile(models.Model):
    # Opened by the community secretary, branch and grid staff of its subtree, the members of its help
    # group and committee users with an unexpired grant; counted (never opened) for all staff above it.
    reach = (
        Subtree("organization", roles=frozenset({Role.COMMUNITY_SECRETARY, Role.GRID_WORKER, Role.BRANCH_SECRETARY})),
        Own("help_groups__members__user", roles=None),
        Granted("care.ArchiveGrant"),
        Subtree("organization", purpose=COUNT, writes=False),
    )
    edit_roles = {Role.COMMUNITY_SECRETARY, Role.GRID_WORKER}

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="社区/网格",
        on_delete=models.PROTECT,
        related_name="resident_files",
        help_text="所在网格的网格党支部，或社区",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resident_files",
    )
    categories = models.JSONField("人群类别", default=list)
    situation = models.TextField("基本情况")
    difficulties = models.CharField("困难类型", max_length=200, blank=True)
    level = models.ForeignKey(AssistanceLevel, verbose_name="帮扶等级", on_delete=models.PROTECT, related_name="+")
    consent = models.CharField(
        "建档依据", max_length=20, choices=[("self", "本人同意"), ("guardian", "监护人同意"), ("legal", "依法履职")]
    )
    guardian = models.ForeignKey(
        "people.Person", verbose_name="监护人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=[("active", "在档"), ("closed", "已销档")], default="active"
    )
    closed_reason = models.CharField("销档原因", max_length=200, blank=True)
    closed_on = models.DateField("销档日期", null=True, blank=True)
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField("建档时间", auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "民情档案"
        verbose_name_plural = "民情档案"
        ordering = ["level__level", "-created"]

    def __str__(self):
        return f"{self.person.name if self.person else '（已匿名）'}的民情档案"

    def get_absolute_url(self):
        return reverse("care:file", kwargs={"pk": self.pk})

    @property
    def is_child(self) -> bool:
        age = self.person.age if self.person else None
        return age is not None and age < CHILD_AGE

    @property
    def category_labels(self) -> str:
        return "、".join(CATEGORY_LABELS.get(c, c) for c in self.categories)

    def clean(self):
        errors = {}
        unknown = [c for c in self.categories if c not in CATEGORY_LABELS]
        if not self.categories or unknown:
            errors["categories"] = "请至少选择一个人群类别。"
        if self.person_id and self.is_child and not self.guardian_id:
            errors["guardian"] = "未满14周岁的儿童须登记监护人。"
        if self.status == "closed" and not self.closed_reason:
            errors["closed_reason"] = "销档须填写原因。"
        if errors:
            raise ValidationError(errors)

    def next_due(self, last_visit):
        start = last_visit or self.created.date()
        return start + timedelta(days=self.level.visit_interval_days)


class HelpGroup(models.Model):
    """红色帮扶小组: one-to-one or many-to-one, of members, volunteers, talents and in-service members."""

    reach = (Subtree("file__organization"),)
    edit_roles = ResidentFile.edit_roles

    file = models.ForeignKey(ResidentFile, on_delete=models.CASCADE, related_name="help_groups")
    kind = models.CharField("形式", max_length=12, choices=[("one_to_one", "一对一"), ("many_to_one", "多对一")])
    members = models.ManyToManyField("people.Person", verbose_name="小组成员", related_name="help_groups")
    note = models.CharField("分工", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "红色帮扶小组"
        verbose_name_plural = "红色帮扶小组"

    def __str__(self):
        return f"{self.file} · {self.get_kind_display()}"


class HelpVisit(models.Model):
    reach = (Subtree("file__organization"),)
    edit_roles = ResidentFile.edit_roles

    file = models.ForeignKey(ResidentFile, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("走访日期")
    visitors = models.CharField("走访人", max_length=100)
    what_done = models.TextField("帮扶内容")
    photos = models.ManyToManyField("core.Evidence", verbose_name="照片", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "帮扶走访"
        verbose_name_plural = "帮扶走访"
        ordering = ["-visited_on"]

    def __str__(self):
        return f"{self.visited_on:%Y-%m-%d} {self.file}"

    def clean(self):
        if self.visited_on and self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": "走访日期不能晚于今天。"})
