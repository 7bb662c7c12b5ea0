"""红色志愿者驿站: a staffed station (place, opening hours), its duty roster and the log of services given there.

A service logged at a station is entered by the station's staff, who saw it done: its hours count at once
into the volunteer's hours (beside the confirmed hours of activities, `actions.volunteer_hours`) and into the
figures (`stations`, `station_services`, `station_hours`).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree

from .volunteers import STAFF


class Station(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="所属组织", on_delete=models.PROTECT,
                                     related_name="stations")
    name = models.CharField("驿站名称", max_length=60)
    place = models.CharField("地点", max_length=100)
    opening_hours = models.CharField("开放时间", max_length=100, help_text="如：周一至周五 9:00—17:00")
    services = models.CharField("服务内容", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "红色志愿者驿站"
        verbose_name_plural = "红色志愿者驿站"
        ordering = ["organization__path", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:station", kwargs={"pk": self.pk})


class StationDuty(models.Model):
    """A volunteer's turn at a station; one volunteer is never on two overlapping turns (actions refuse it)."""

    reach = (Subtree("station__organization"), Own("volunteer__person__user"))
    edit_roles = STAFF

    station = models.ForeignKey(Station, verbose_name="驿站", on_delete=models.CASCADE, related_name="duties")
    volunteer = models.ForeignKey("services.Volunteer", verbose_name="值班志愿者", on_delete=models.PROTECT,
                                  related_name="duties")
    date = models.DateField("日期")
    starts = models.TimeField("开始")
    ends = models.TimeField("结束")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "驿站值班"
        verbose_name_plural = "驿站值班表"
        ordering = ["date", "starts", "pk"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "date", "starts"], name="duty_once_per_start")]

    def __str__(self):
        return f"{self.date:%m-%d} {self.starts:%H:%M}—{self.ends:%H:%M} {self.volunteer}"

    def get_absolute_url(self):
        return self.station.get_absolute_url()


class StationService(models.Model):
    """One service given at a station: who served, whom (a name, or a resident file the staff may open), what,
    from when to when; its hours are whole and half hours of that time."""

    reach = (Subtree("station__organization"), Own("volunteer__person__user"))
    edit_roles = STAFF

    station = models.ForeignKey(Station, verbose_name="驿站", on_delete=models.CASCADE, related_name="services_given")
    volunteer = models.ForeignKey("services.Volunteer", verbose_name="服务志愿者", on_delete=models.PROTECT,
                                  related_name="station_services")
    recipient = models.CharField("服务对象", max_length=50, blank=True)
    resident_file = models.ForeignKey("care.ResidentFile", verbose_name="服务对象（民情档案）", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    content = models.CharField("服务内容", max_length=200)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    hours = models.DecimalField("服务时长", max_digits=5, decimal_places=1, default=Decimal(0), editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "驿站服务记录"
        verbose_name_plural = "驿站服务记录"
        ordering = ["-starts_at", "-pk"]

    def __str__(self):
        return f"{self.volunteer} · {self.content}"

    def get_absolute_url(self):
        return self.station.get_absolute_url()

    @property
    def whom(self) -> str:
        """The name typed in; a resident file is named by its number only (the page may be read by staff who
        may not open the archive)."""
        if self.recipient:
            return self.recipient
        return f"民情档案 {self.resident_file_id} 号" if self.resident_file_id else "—"
