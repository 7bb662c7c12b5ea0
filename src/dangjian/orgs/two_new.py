"""双培四联三帮带: how a two-new organization's party work is kept, record by record.

The reference names the method without its parts; the platform keeps it as three kinds of record, so the figures
and the annual report count what was done rather than repeat the name:

- 双培 (`Cultivation`): one person paired with a mentor (联系人) to be cultivated — a business backbone into a party
  member, or a member into a backbone — from a start date until an outcome (achieved or ended) on a date;
- 四联 (`LinkActivity`): one activity of one of the four links (组织联建、活动联办、资源联享、服务联动), dated;
- 三帮带 (`HelpRecord`): one help of one of the three kinds (帮思想、帮技能、帮发展), dated, with who helped.

Each hangs from the two-new organization and is seen by that organization's secretary and
by the community or street above it, like every scoped row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

from .choices import CultivationDirection, CultivationStatus, HelpKind, LinkKind, OrgKind

EDIT_ROLES = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}


def check_two_new(org) -> None:
    """The records belong to a two-new organization's own node (its branches' work is its work)."""
    if org is not None and org.kind != OrgKind.TWO_NEW_ORG:
        raise ValidationError({"organization": "请选择“两新”组织党组织。"})


class TwoNewRecord(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = EDIT_ROLES

    organization = models.ForeignKey("orgs.Organization", verbose_name="两新组织党组织", on_delete=models.PROTECT,
                                     related_name="+", limit_choices_to={"kind": OrgKind.TWO_NEW_ORG})
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField("登记时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self):
        if self.organization_id:
            check_two_new(self.organization)


class Cultivation(TwoNewRecord):
    """双培: a pairing of a person with a mentor, and how it ended."""

    direction = models.CharField("培养方向", max_length=20, choices=CultivationDirection.choices)
    person = models.ForeignKey("people.Person", verbose_name="培养对象", on_delete=models.PROTECT, related_name="+")
    mentor = models.ForeignKey("people.Person", verbose_name="联系人（培养人）", on_delete=models.PROTECT,
                               related_name="+")
    start = models.DateField("结对日期")
    goal = models.CharField("培养目标", max_length=200, blank=True)
    status = models.CharField("培养结果", max_length=10, choices=CultivationStatus.choices,
                              default=CultivationStatus.ONGOING, editable=False, db_index=True)
    outcome_on = models.DateField("结果日期", null=True, blank=True, editable=False)
    outcome = models.CharField("结果说明", max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = "双培结对"
        verbose_name_plural = "双培结对"
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["organization", "direction", "status"], name="cultivation_org_dir")]

    def __str__(self):
        return f"{self.person} · {self.get_direction_display()}"

    def get_absolute_url(self):
        return reverse("orgs:cultivation", kwargs={"pk": self.pk})

    @property
    def outcome_label(self) -> str:
        """已培养成党员 / 已培养成骨干 rather than the bare status."""
        if self.status == CultivationStatus.ACHIEVED:
            return "已发展为党员" if self.direction == CultivationDirection.BACKBONE_TO_MEMBER else "已成为业务骨干"
        return self.get_status_display()

    def clean(self):
        super().clean()
        if self.person_id and self.mentor_id and self.person_id == self.mentor_id:
            raise ValidationError({"mentor": "联系人不能是培养对象本人。"})
        if self.start and self.outcome_on and self.start > self.outcome_on:
            raise ValidationError({"start": "结对日期不能晚于已登记的结果日期。"})


class LinkActivity(TwoNewRecord):
    """四联: one activity of one of the four links."""

    link = models.CharField("四联", max_length=20, choices=LinkKind.choices)
    date = models.DateField("日期", db_index=True)
    partner = models.CharField("联系对象", max_length=100, blank=True, help_text="联系的社区、单位或组织")
    content = models.TextField("活动内容")
    participants = models.PositiveSmallIntegerField("参加人数", null=True, blank=True)

    class Meta:
        verbose_name = "四联活动"
        verbose_name_plural = "四联活动"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_link_display()}"

    def get_absolute_url(self):
        return reverse("orgs:link", kwargs={"pk": self.pk})


class HelpRecord(TwoNewRecord):
    """三帮带: one help of one of the three kinds."""

    kind = models.CharField("三帮带", max_length=20, choices=HelpKind.choices)
    date = models.DateField("日期", db_index=True)
    helper = models.CharField("帮带人（单位）", max_length=100)
    helped = models.CharField("帮带对象", max_length=100, blank=True)
    content = models.TextField("帮带内容")
    result = models.CharField("成效", max_length=200, blank=True)

    class Meta:
        verbose_name = "三帮带记录"
        verbose_name_plural = "三帮带记录"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("orgs:help", kwargs={"pk": self.pk})
