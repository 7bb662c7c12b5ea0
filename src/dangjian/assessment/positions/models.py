"""Positions (阵地): party-mass service centres and other places at four levels, their rooms and standing services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Above, Subtree
from dangjian.core.roles import Role

STAFF = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}


class PositionLevel(models.TextChoices):
    COMMITTEE = "committee", "街道（党工委办公场所）"
    COMMUNITY = "community", "社区"
    BUILDING = "building", "楼院"
    SQUARE = "square", "广场"


class PositionKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", "党群服务中心"
    EXHIBITION = "exhibition", "党建展厅"
    OPEN_BASE = "open_base", "开放式组织生活基地"
    MEMBERS_HOME = "members_home", "党员之家"
    SQUARE = "square", "广场阵地"
    OTHER = "other", "其他阵地"


class Position(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="所属组织", on_delete=models.PROTECT,
                                     related_name="positions")
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=12, choices=PositionLevel.choices)
    kind = models.CharField("类型", max_length=20, choices=PositionKind.choices)
    address = models.CharField("地址", max_length=200, blank=True)
    area = models.PositiveIntegerField("面积（平方米）", null=True, blank=True)
    open_hours = models.CharField("开放时间", max_length=100, blank=True)
    opened_on = models.DateField("启用日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "阵地"
        verbose_name_plural = "阵地"
        ordering = ["organization__path", "level", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessment:position", kwargs={"pk": self.pk})


class Room(models.Model):
    # Managed by its position's organization; a branch or grid may also book the rooms of the positions
    # above it up to its community (where it meets), never a street's.
    reach = (Subtree("position__organization"), Above("position__organization"))
    edit_roles = STAFF

    position = models.ForeignKey(Position, verbose_name="阵地", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField("功能室", max_length=60)
    function = models.CharField("用途", max_length=100, blank=True)
    capacity = models.PositiveIntegerField("容纳人数", null=True, blank=True)
    bookable = models.BooleanField("可预约", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "功能室"
        verbose_name_plural = "功能室"
        ordering = ["position", "name"]

    def __str__(self):
        return f"{self.position} · {self.name}"

    def get_absolute_url(self):
        return self.position.get_absolute_url()


class StandingService(models.Model):
    """A service item offered at a position on a regular schedule (the report's 常设服务项目)."""

    reach = (Subtree("position__organization"),)
    edit_roles = STAFF

    position = models.ForeignKey(Position, verbose_name="阵地", on_delete=models.CASCADE,
                                 related_name="standing_services")
    name = models.CharField("服务项目", max_length=100)
    schedule = models.CharField("服务时间", max_length=100, blank=True)
    partner = models.ForeignKey("coop.PartnerUnit", verbose_name="合作单位", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    team = models.ForeignKey("services.VolunteerTeam", verbose_name="服务队", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    brand = models.ForeignKey("services.BrandProject", verbose_name="所属品牌", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="standing_services")
    since = models.DateField("设立日期")
    until = models.DateField("撤销日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "常设服务项目"
        verbose_name_plural = "常设服务项目"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.position.get_absolute_url()


class RoomBooking(models.Model):
    """A room taken for a time; overlapping bookings of one room are refused (see actions.book_room)."""

    # The room's managers see its bookings; a branch or grid sees (and may cancel) those made in its name.
    reach = (Subtree("room__position__organization"), Subtree("organization"))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY, Role.GRID_WORKER}

    room = models.ForeignKey(Room, verbose_name="功能室", on_delete=models.CASCADE, related_name="bookings")
    organization = models.ForeignKey("orgs.Organization", verbose_name="使用组织", on_delete=models.PROTECT,
                                     related_name="+")
    purpose = models.CharField("用途", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="预约人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "功能室预约"
        verbose_name_plural = "功能室预约"
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["room", "starts_at"], name="roombooking_room_start")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="roombooking_ends_after_start")]

    def __str__(self):
        return f"{self.room} · {self.purpose}"

    def get_absolute_url(self):
        """The booking's day in the booking list, which everyone who sees the booking can open (the room's
        position page is its managers': a branch booking its community's centre cannot open it)."""
        from django.utils import timezone

        day = timezone.localtime(self.starts_at).date()
        return f"{reverse('assessment:booking_list')}?date={day.isoformat()}"
