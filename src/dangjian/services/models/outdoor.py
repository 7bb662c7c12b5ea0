"""流动居委会 / 站岗式服务 (the “零距离” work method): staff serving on the street on a schedule, and the matters
residents brought them there — each settled on the spot, or turned into a problem (问题清单) or a micro-wish."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree

from .volunteers import STAFF


class OutdoorKind(models.TextChoices):
    MOBILE = "mobile", "流动居委会"
    POST = "post", "站岗式服务"


class MatterStatus(models.TextChoices):
    OPEN = "open", "待办理"
    SETTLED = "settled", "当场办结"
    PROBLEM = "problem", "已转问题清单"
    WISH = "wish", "已转微心愿"


def on_duty_candidates(people):
    """Of `people`, those who can be on duty on the street: community staff — a staff account, a fixed post of a
    grid (社区干部, 网格党支部书记, 社区协警) or an organization's secretary on record."""
    from dangjian.core.reach import STAFF_ROLES
    from dangjian.orgs.choices import FIXED_GRID_POSTS
    from dangjian.orgs.models import Organization

    return people.filter(
        models.Q(user__role_assignments__role__in=list(STAFF_ROLES))
        | models.Q(grid_posts__post__in=list(FIXED_GRID_POSTS))
        | models.Q(pk__in=Organization.objects.filter(secretary__isnull=False).values("secretary"))
    ).distinct()


class OutdoorSession(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="outdoor_sessions")
    kind = models.CharField("形式", max_length=10, choices=OutdoorKind.choices, default=OutdoorKind.MOBILE)
    place = models.CharField("地点", max_length=100)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    staff = models.ManyToManyField("people.Person", verbose_name="在岗人员", related_name="+",
                                   help_text="社区工作人员：社区干部、网格员、协警、书记等")
    note = models.CharField("服务内容", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流动服务"
        verbose_name_plural = "流动居委会与站岗式服务"
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.place}"

    def get_absolute_url(self):
        return reverse("services:outdoor", kwargs={"pk": self.pk})


class OutdoorMatter(models.Model):
    reach = (Subtree("session__organization"),)
    edit_roles = STAFF

    session = models.ForeignKey(OutdoorSession, verbose_name="流动服务", on_delete=models.CASCADE,
                                related_name="matters")
    resident_name = models.CharField("反映人", max_length=50, blank=True)
    content = models.CharField("反映事项", max_length=200)
    handling = models.CharField("办理情况", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    problem = models.ForeignKey("ledgers.Problem", verbose_name="转入的问题", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    wish = models.ForeignKey("services.MicroWish", verbose_name="转入的微心愿", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流动服务事项"
        verbose_name_plural = "流动服务事项"
        ordering = ["pk"]

    def __str__(self):
        return self.content

    def get_absolute_url(self):
        return self.session.get_absolute_url()
