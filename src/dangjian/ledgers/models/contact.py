"""Contact points (党建联系点) of section-level cadres and their visits (看·听·说·办)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from dangjian.core.history import name_of
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

from ..choices import VisitKind


class VisitRequirement(models.Model):
    """What each cadre is asked to do; one row, edited by the committee."""

    is_configuration = True

    visits_per_week = models.PositiveSmallIntegerField("每周走访分包社区（次）", default=1)
    problems_collected_per_week = models.PositiveSmallIntegerField("每周收集问题（个）", default=1)
    problems_solved_per_week = models.PositiveSmallIntegerField("每周解决问题（个）", default=1)
    households_per_month = models.PositiveSmallIntegerField("每月走访弱势群体（户）", default=2)
    two_new_visits_per_year = models.PositiveSmallIntegerField("每个两新组织每年走访调研（次）", default=4)
    supervision_grace_days = models.PositiveSmallIntegerField("督办升级宽限（天）", default=7)

    class Meta:
        verbose_name = "走访要求"
        verbose_name_plural = "走访要求"

    def __str__(self):
        return "联系点走访要求"

    @classmethod
    def current(cls) -> "VisitRequirement":
        obj = cls.objects.order_by("pk").first()
        return obj or cls.objects.create()


class ContactPoint(models.Model):
    reach = (Subtree("community"),)
    edit_roles = {Role.STREET_ADMIN}

    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="科级干部", on_delete=models.PROTECT,
                              related_name="contact_points")
    community = models.ForeignKey("orgs.Organization", verbose_name="分包社区", on_delete=models.PROTECT,
                                  related_name="contact_points")
    start = models.DateField("起始日期")
    end = models.DateField("截止日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党建联系点"
        verbose_name_plural = "党建联系点"
        ordering = ["community__path", "-start"]

    def __str__(self):
        return f"{name_of(self.cadre)} → {self.community}"

    def get_absolute_url(self):
        return reverse("ledgers:contact_list")

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": "截止日期不能早于起始日期。"})


class Visit(models.Model):
    # Staff of the visited organization see it; the committee corrects any visit, a cadre only their own.
    reach = (Subtree("organization", writes=False), Subtree("organization", roles=frozenset({Role.STREET_ADMIN})),
             Own("cadre", roles=frozenset({Role.CADRE}), writes=True))
    edit_roles = {Role.STREET_ADMIN, Role.CADRE}

    cadre = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="走访人", on_delete=models.PROTECT,
                              related_name="visits")
    kind = models.CharField("走访类型", max_length=12, choices=VisitKind.choices)
    organization = models.ForeignKey("orgs.Organization", verbose_name="走访对象（组织）", on_delete=models.PROTECT,
                                     related_name="visits")
    household = models.ForeignKey("people.Person", verbose_name="走访家庭（户主）", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    date = models.DateField("日期", db_index=True)
    look = models.TextField("看（察看了什么）", blank=True)
    listen = models.TextField("听（听到的意见）", blank=True)
    speak = models.TextField("说（宣传解释了什么）", blank=True)
    act = models.TextField("办（办了哪些事）", blank=True)
    photos = models.ManyToManyField("core.Evidence", verbose_name="照片", blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "走访"
        verbose_name_plural = "走访记录"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["cadre", "date"], name="visit_cadre_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.organization}"

    def get_absolute_url(self):
        return reverse("ledgers:visit", kwargs={"pk": self.pk})

    def clean(self):
        if self.kind == VisitKind.HOUSEHOLD and not self.household_id:
            raise ValidationError({"household": "走访弱势群体家庭请选择户主。"})
        if self.kind == VisitKind.TWO_NEW and self.organization_id and self.organization.kind != "two_new_org":
            raise ValidationError({"organization": "两新组织走访调研请选择两新组织。"})
