"""Monthly assessment (月考核) and quarterly ranking (季排名).

Scores are derived from the records through the metric registry (`core.metrics`); a manual score
carries its assessor and reason. A published month is frozen, and rankings are built only from
published months, so what a community was told stays what the records say it was told.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core import tree
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Published, Subtree
from dangjian.core.roles import Role

COMMITTEE = frozenset({Role.STREET_ADMIN})
UNIT_STAFF = frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY})
_HELD_RULES: ContextVar = ContextVar("analysis_rules", default=None)


class Method(models.TextChoices):
    AUTO = "auto", "自动计算"
    MANUAL = "manual", "人工评分"


class UnitKind(models.TextChoices):
    COMMUNITY = "community", "社区"
    TWO_NEW = "two_new", "两新组织"


def published_by_street(street: str, flag: Q):
    """What a street publishes (months, rankings, its catalogue) is a notice board for its staff.

    Published rows are visible to every staff role in, above or below the street (a community's
    secretary, a branch secretary, the district); unpublished ones (a draft month, an inactive
    indicator) only to those who may edit them — the committee. Members, volunteers and residents
    act only for themselves and see none of it.
    """
    return (Subtree(street, roles=COMMITTEE), Published(street, when=flag))


class AssessmentUnit(models.Model):
    """An organization assessed besides the communities (e.g. a two-new organization the committee chose)."""

    reach = (Subtree("organization"),)
    edit_roles = COMMITTEE

    organization = models.OneToOneField("orgs.Organization", verbose_name="组织", on_delete=models.CASCADE,
                                        related_name="assessment_unit")
    weekly_summary = models.BooleanField("报送周总结", default=True)
    monthly_assessment = models.BooleanField("参加月考核", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "考核单位"
        verbose_name_plural = "考核单位"

    def __str__(self):
        return str(self.organization)


class Indicator(models.Model):
    """One line of the street's assessment catalogue (public in the street: a community sees what it is scored on)."""

    reach = published_by_street("street", Q(active=True))
    edit_roles = COMMITTEE

    street = models.ForeignKey("orgs.Organization", verbose_name="党工委", on_delete=models.PROTECT,
                               related_name="indicators")
    name = models.CharField("指标", max_length=60)
    applies_to = models.CharField("考核对象", max_length=12, choices=UnitKind.choices, default=UnitKind.COMMUNITY)
    method = models.CharField("计分方式", max_length=10, choices=Method.choices)
    metric = models.CharField("自动指标", max_length=40, blank=True,
                              help_text="自动计算时取用的平台数据指标")
    target = models.DecimalField("满分标准", max_digits=8, decimal_places=2, null=True, blank=True,
                                 help_text="指标值达到此数即得满分，低于此数按比例得分")
    max_score = models.DecimalField("满分", max_digits=6, decimal_places=2)
    weight = models.DecimalField("权重", max_digits=4, decimal_places=2, default=Decimal(1))
    order = models.PositiveSmallIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)
    description = models.CharField("评分说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["street", "applies_to", "order", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessment:indicator_list")

    @property
    def metric_label(self) -> str:
        """The platform metric in words (the catalogue never shows its code)."""
        if not self.metric:
            return "—"
        from dangjian.core import metrics

        try:
            m = metrics.get(self.metric)
        except LookupError:
            return self.metric
        return f"{m.label}（{m.unit}）"

    @property
    def weighted_max(self) -> Decimal:
        return self.max_score * self.weight


class AssessmentMonth(models.Model):
    reach = published_by_street("street", Q(published_at__isnull=False))
    edit_roles = COMMITTEE

    class Status(models.TextChoices):
        DRAFT = "draft", "评分中"
        PUBLISHED = "published", "已发布"

    street = models.ForeignKey("orgs.Organization", verbose_name="党工委", on_delete=models.PROTECT,
                               related_name="assessment_months")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "月考核"
        verbose_name_plural = "月考核"
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["street", "year", "month"], name="assessment_month_once")]

    def __str__(self):
        return f"{self.year}年{self.month}月考核"

    def get_absolute_url(self):
        return reverse("assessment:month", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1


class MonthlyScore(models.Model):
    """A unit's score on one indicator in one month: the unit's own staff see it once the month is
    published, the committee at any time."""

    reach = (Subtree("organization", roles=COMMITTEE),
             Subtree("organization", roles=UNIT_STAFF, when=Q(month__published_at__isnull=False), writes=False))
    edit_roles = COMMITTEE

    month = models.ForeignKey(AssessmentMonth, verbose_name="月份", on_delete=models.CASCADE, related_name="scores")
    organization = models.ForeignKey("orgs.Organization", verbose_name="考核单位", on_delete=models.PROTECT,
                                     related_name="+")
    indicator = models.ForeignKey(Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField("指标值", max_digits=12, decimal_places=2, null=True, blank=True)
    # The catalogue's full marks and weight when the month was computed: editing the catalogue later
    # must not change what a published month said.
    max_score = models.DecimalField("满分", max_digits=6, decimal_places=2)
    weight = models.DecimalField("权重", max_digits=4, decimal_places=2)
    computed = models.DecimalField("自动得分", max_digits=6, decimal_places=2, null=True, blank=True)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2, default=Decimal(0))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField("评分理由", max_length=300, blank=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "月考核得分"
        verbose_name_plural = "月考核得分"
        ordering = ["month", "organization__path", "indicator__order"]
        constraints = [models.UniqueConstraint(fields=["month", "organization", "indicator"],
                                               name="score_once_per_month")]

    def __str__(self):
        return f"{self.organization} · {self.indicator} · {self.score}"

    def save(self, *args, **kwargs):
        if self.max_score is None:
            self.max_score = self.indicator.max_score
        if self.weight is None:
            self.weight = self.indicator.weight
        super().save(*args, **kwargs)

    @property
    def weighted(self) -> Decimal:
        return self.score * self.weight

    @property
    def adjusted(self) -> bool:
        return self.computed is not None and self.computed != self.score


class ScoreChange(models.Model):
    """Every manual score or adjustment, with who made it and why (the breakdown shows them)."""

    reach = (Subtree("score__organization"),)

    score = models.ForeignKey(MonthlyScore, on_delete=models.CASCADE, related_name="changes")
    before = models.DecimalField("调整前", max_digits=6, decimal_places=2)
    after = models.DecimalField("调整后", max_digits=6, decimal_places=2)
    reason = models.CharField("理由", max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评分人", null=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "评分调整"
        verbose_name_plural = "评分调整"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.before} → {self.after}：{self.reason}"


class QuarterlyRanking(models.Model):
    reach = published_by_street("street", Q(published_at__isnull=False))
    edit_roles = COMMITTEE

    street = models.ForeignKey("orgs.Organization", verbose_name="党工委", on_delete=models.PROTECT,
                               related_name="rankings")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    applies_to = models.CharField("排名对象", max_length=12, choices=UnitKind.choices, default=UnitKind.COMMUNITY)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "季度排名"
        verbose_name_plural = "季度排名"
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["street", "year", "quarter", "applies_to"],
                                               name="ranking_once_per_quarter")]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度排名"

    def get_absolute_url(self):
        return reverse("assessment:ranking", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RankingEntry(models.Model):
    """One unit's line in a published ranking; visible with its ranking."""

    reach = published_by_street("ranking__street", Q(ranking__published_at__isnull=False))

    ranking = models.ForeignKey(QuarterlyRanking, on_delete=models.CASCADE, related_name="entries")
    organization = models.ForeignKey("orgs.Organization", verbose_name="单位", on_delete=models.PROTECT,
                                     related_name="+")
    total = models.DecimalField("季度总分", max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField("名次")
    previous_rank = models.PositiveSmallIntegerField("上季度名次", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "排名"
        verbose_name_plural = "排名"
        ordering = ["ranking", "rank", "organization__path"]

    def __str__(self):
        return f"{self.ranking} · 第{self.rank}名 · {self.organization}"

    @property
    def change(self) -> int | None:
        """Places gained since the previous quarter (positive = moved up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class AnalysisRule(models.Model):
    """How far below the street's median a unit must fall to be named as lagging; one row per street.

    A street without its own row uses the defaults. Changes are kept in the history (auditlog).
    """

    street = models.OneToOneField("orgs.Organization", verbose_name="党工委", on_delete=models.CASCADE,
                                  related_name="analysis_rule")
    threshold_percent = models.PositiveSmallIntegerField(
        "偏离阈值（%）", default=50,
        help_text="低于全街道中位数的这一比例即视为明显落后（越低越好的指标：高于中位数这一比例）")
    older_age = models.PositiveSmallIntegerField("班子成员“年龄偏大”起算年龄", default=55)

    class Meta:
        verbose_name = "不平衡分析规则"
        verbose_name_plural = "不平衡分析规则"

    def __str__(self):
        return f"低于中位数 {self.threshold_percent}% 视为明显落后"

    @classmethod
    def for_org(cls, org) -> "AnalysisRule":
        """The rule of the street `org` is in (or is); the defaults above a street or where none is set."""
        street_path = tree.at_depth(org.path, tree.STREET_DEPTH) if org is not None else ""
        held = _HELD_RULES.get()
        if held is not None and street_path in held:
            return held[street_path]
        rule = cls.objects.filter(street__path=street_path).first() if street_path else None
        rule = rule or cls(threshold_percent=50, older_age=55)
        if held is not None:
            held[street_path] = rule
        return rule

    @classmethod
    @contextmanager
    def held(cls):
        """Read each street's rule once for a whole analysis or report (metrics ask per organization).

        Nested (a report holding the rules around the analysis it runs), the outer hold is kept.
        """
        if _HELD_RULES.get() is not None:
            yield
            return
        token = _HELD_RULES.set({})
        try:
            yield
        finally:
            _HELD_RULES.reset(token)
