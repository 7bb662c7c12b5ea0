"""Volunteer activities: capacity, sign-up window, QR check-in/out, hours confirmed by the organizer."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import InCommunity, Own, Subtree

from .volunteers import STAFF

CHECK_WINDOW = timedelta(minutes=60)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Activity(models.Model):
    # On the community's board: residents, volunteers and members see it there and sign up (`writes`).
    reach = (Subtree("organization"), InCommunity("organization", writes=True))
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="组织单位", on_delete=models.PROTECT,
                                     related_name="activities")
    team = models.ForeignKey("services.VolunteerTeam", verbose_name="服务队", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="activities")
    brand = models.ForeignKey("services.BrandProject", verbose_name="服务品牌", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="activities")
    title = models.CharField("活动", max_length=200)
    place = models.CharField("地点", max_length=100)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    capacity = models.PositiveIntegerField("名额")
    # Seats are taken by a conditional UPDATE of this counter, so two last-seat sign-ups cannot both win;
    # it always equals the number of active sign-ups (tested).
    seats_taken = models.PositiveIntegerField("已报名", default=0, editable=False)
    signup_opens = models.DateTimeField("报名开始")
    signup_closes = models.DateTimeField("报名截止")
    description = models.TextField("活动内容", blank=True)
    checkin_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿活动"
        verbose_name_plural = "志愿活动"
        ordering = ["-starts_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:activity", kwargs={"pk": self.pk})

    def check_window(self):
        return self.starts_at - CHECK_WINDOW, self.ends_at + CHECK_WINDOW

    @property
    def signup_open(self) -> bool:
        return self.signup_opens <= timezone.now() <= self.signup_closes


class Signup(models.Model):
    """A person's place in an activity, and the hours it becomes once confirmed."""

    reach = (Subtree("activity__organization"), Own("person__user"))
    edit_roles = STAFF

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey("people.Person", verbose_name="报名人", on_delete=models.PROTECT, related_name="+")
    signed_up_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField("签到", null=True, blank=True)
    checked_out_at = models.DateTimeField("签退", null=True, blank=True)
    hours = models.DecimalField("服务时长", max_digits=5, decimal_places=1, default=Decimal(0))
    confirmed = models.BooleanField("已确认", default=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["signed_up_at"]
        constraints = [models.UniqueConstraint(fields=["activity", "person"], condition=models.Q(cancelled_at=None),
                                               name="signup_once")]

    def __str__(self):
        return f"{self.person} · {self.activity}"
