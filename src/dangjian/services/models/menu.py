"""The service menu with bookable slots, the convenience alliance, the talent pool and service brands."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import InCommunity, Own, Subtree

from ..choices import ACTIVE_BOOKING, BookingStatus, BrandKind, ServiceMode
from .volunteers import STAFF, Archivable


class AllianceMember(Archivable):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="alliance_members")
    name = models.CharField("名称", max_length=100)
    is_merchant = models.BooleanField("商户", default=True, help_text="否则为有技能的居民")
    services = models.CharField("服务内容", max_length=200)
    terms = models.CharField("优惠方式", max_length=100, help_text="如：免费、成本价、九折")
    contact = models.CharField("联系方式", max_length=50, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "便民服务联盟成员"
        verbose_name_plural = "便民服务联盟"
        ordering = ["organization__path", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:alliance", kwargs={"pk": self.pk})


class Talent(Archivable):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="talents")
    person = models.ForeignKey("people.Person", verbose_name="能人", on_delete=models.PROTECT, related_name="+")
    can_lecture = models.BooleanField("能讲党课", default=False)
    expertise = models.CharField("专业知识/技术/才艺", max_length=200)
    availability = models.CharField("可服务时间", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "草根能人"
        verbose_name_plural = "草根能人库"
        ordering = ["organization__path", "person__pinyin"]

    def __str__(self):
        return f"{self.person} · {self.expertise}"

    def get_absolute_url(self):
        return reverse("services:talent", kwargs={"pk": self.pk})


class BrandProject(Archivable):
    """A community's brand as the annual report names it: a service brand, a party-building work method (the
    "六化" 工作法) or a service platform; a brand's sub-services (俏夕阳, 小太阳 … under “和立方”) point to it."""

    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="brands")
    name = models.CharField("品牌名称", max_length=60)
    kind = models.CharField("类型", max_length=10, choices=BrandKind.choices, default=BrandKind.SERVICE)
    parent = models.ForeignKey("self", verbose_name="所属品牌", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="parts", help_text="品牌下设的特色服务：选它所属的品牌；独立的品牌不选")
    target_group = models.CharField("服务对象", max_length=60)
    standing_items = models.TextField("常设服务项目", blank=True, help_text="每行一项；党建工作法填写它的各条做法")
    results = models.TextField("成效", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务品牌"
        verbose_name_plural = "服务品牌"
        ordering = ["organization__path", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:brand", kwargs={"pk": self.pk})

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk or self.parent.parent_id is not None:
            raise ValidationError({"parent": "所属品牌须是一个独立的品牌（特色服务不能再下设特色服务）。"})
        if self.organization_id and self.parent.organization_id != self.organization_id:
            raise ValidationError({"parent": "所属品牌须是本组织的品牌。"})


class ServiceItem(models.Model):
    # The service menu is on the community's board: residents see it there and book its slots (`writes`).
    reach = (Subtree("organization"), InCommunity("organization", writes=True))
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="service_items")
    title = models.CharField("服务项目", max_length=100)
    mode = models.CharField("方式", max_length=12, choices=ServiceMode.choices)
    team = models.ForeignKey("services.VolunteerTeam", verbose_name="提供方：服务队", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    alliance_member = models.ForeignKey(AllianceMember, verbose_name="提供方：联盟成员", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    talent = models.ForeignKey(Talent, verbose_name="提供方：能人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    group_capacity = models.PositiveSmallIntegerField("每时段可容纳人数", null=True, blank=True,
                                                      help_text="组团式服务填写：一个时段可接待的团队人数合计")
    free = models.BooleanField("免费", default=True)
    price = models.DecimalField("低偿价格（元）", max_digits=8, decimal_places=2, null=True, blank=True)
    description = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "服务项目"
        verbose_name_plural = "服务菜单"
        ordering = ["organization__path", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:item", kwargs={"pk": self.pk})

    @property
    def provider(self):
        return self.team or self.alliance_member or self.talent

    @property
    def is_group(self) -> bool:
        return self.mode == ServiceMode.GROUP


class ServiceSlot(models.Model):
    reach = (Subtree("item__organization"), InCommunity("item__organization"))
    edit_roles = STAFF

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    # 组团式: the people of the groups booked into the slot, taken by a conditional UPDATE against the item's
    # capacity (actions.book), so two groups cannot together overfill it.
    seats_taken = models.PositiveIntegerField("已预约人数", default=0, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "可预约时段"
        verbose_name_plural = "可预约时段"
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.item} {self.starts_at:%m-%d %H:%M}"


class Booking(models.Model):
    """One booking per slot at a time: the database refuses a second active one. A group booking (组团式) is
    one of several in its slot, up to the item's capacity, and one per resident: a double click books once."""

    reach = (Subtree("slot__item__organization"), Own("resident__user"))
    edit_roles = STAFF

    slot = models.ForeignKey(ServiceSlot, on_delete=models.CASCADE, related_name="bookings")
    resident = models.ForeignKey("people.Person", verbose_name="预约人", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    note = models.CharField("需求说明", max_length=200, blank=True)
    group_size = models.PositiveSmallIntegerField("团队人数", null=True, blank=True)
    members = models.TextField("成员名单", blank=True, help_text="每行一人")
    rating = models.PositiveSmallIntegerField("评价（1-5星）", null=True, blank=True)
    created = models.DateTimeField("预约时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约"
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=models.Q(status__in=list(ACTIVE_BOOKING),
                                                                         group_size__isnull=True),
                                    name="booking_one_per_slot"),
            models.UniqueConstraint(fields=["slot", "resident"],
                                    condition=models.Q(status__in=list(ACTIVE_BOOKING), group_size__isnull=False),
                                    name="group_booking_once_per_resident"),
        ]

    def __str__(self):
        return f"{self.resident} · {self.slot}"

    @property
    def member_names(self) -> list[str]:
        return [n for n in self.members.splitlines() if n.strip()]
