"""Organization life: 三会一课, theme days, life meetings, and the committee's own meetings."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractHour, ExtractMinute
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import STAFF_ROLES, Own, Subtree
from dangjian.core.roles import Role

from ..choices import AttendanceStatus, MeetingKind, Period

CHECKIN_OPENS_BEFORE = timedelta(minutes=30)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)
PENDING_LABEL, NOT_STARTED_LABEL = "待签到", "未开始"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def as_of(today) -> datetime:
    """The moment a job or a table "for `today`" judges by: now when it is today, else that day's start."""
    if today == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(today, datetime.min.time()))


def ended_by(now=None, prefix: str = "") -> Q:
    """Meetings over by `now`, as a filter on meetings (or, with `prefix="meeting__"`, on their rows).

    Until a meeting has ended, a member not signed in is not absent (待签到/未开始): only ended
    meetings count towards absences and towards meetings held. Computed in SQL from the date, the
    start time and the duration (at most 600 minutes, so a meeting ends by the next day).
    """
    now = timezone.localtime(now or timezone.now())
    today, minute = now.date(), now.hour * 60 + now.minute
    ends = (ExtractHour(f"{prefix}start_time") * 60 + ExtractMinute(f"{prefix}start_time")
            + F(f"{prefix}duration_minutes"))
    return (Q(**{f"{prefix}date__lt": today - timedelta(days=1)})
            | Q(LessThanOrEqual(ends, minute + 24 * 60), **{f"{prefix}date": today - timedelta(days=1)})
            | Q(LessThanOrEqual(ends, minute), **{f"{prefix}date": today}))


class MeetingRequirement(models.Model):
    """How often each kind of meeting is required (configurable by the committee)."""

    is_configuration = True  # made by a migration; test resets keep it

    kind = models.CharField("会议类型", max_length=30, choices=MeetingKind.choices, unique=True)
    period = models.CharField("周期", max_length=10, choices=Period.choices)
    times = models.PositiveSmallIntegerField("每周期次数", default=1)

    class Meta:
        verbose_name = "组织生活频次要求"
        verbose_name_plural = "组织生活频次要求"
        ordering = ["kind"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_period_display()} {self.times} 次"


class OrgLifeMeeting(models.Model):
    reach = (Subtree("organization", roles=STAFF_ROLES | {Role.MEMBER}),)  # a member sees their branch's
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="组织", on_delete=models.PROTECT,
                                     related_name="meetings")
    kind = models.CharField("会议类型", max_length=30, choices=MeetingKind.choices)
    date = models.DateField("日期", db_index=True)
    start_time = models.TimeField("开始时间")
    duration_minutes = models.PositiveSmallIntegerField("时长（分钟）", default=90)
    place = models.CharField("地点", max_length=100)
    topic = models.CharField("主题", max_length=200)
    agenda = models.TextField("议程", blank=True)
    resolutions = models.TextField("决议/记录", blank=True)
    attachments = models.ManyToManyField("core.Evidence", verbose_name="附件", blank=True, related_name="+")
    checkin_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活"
        verbose_name_plural = "组织生活"
        ordering = ["-date", "-start_time", "-id"]
        indexes = [models.Index(fields=["organization", "kind", "date"], name="meeting_org_kind_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}：{self.topic}"

    def get_absolute_url(self):
        return reverse("members:meeting", kwargs={"pk": self.pk})

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    def has_ended(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    def checkin_window(self) -> tuple[datetime, datetime]:
        return self.starts_at - CHECKIN_OPENS_BEFORE, self.ends_at + CHECKIN_CLOSES_AFTER

    def checkin_open(self, now=None) -> bool:
        now = now or timezone.now()
        opens, closes = self.checkin_window()
        return opens <= now <= closes

    def clean(self):
        if self.duration_minutes is not None and not 10 <= self.duration_minutes <= 600:
            raise ValidationError({"duration_minutes": "会议时长应在 10 到 600 分钟之间。"})


class Attendance(models.Model):
    """Who was expected at a meeting and whether they came; one row per member per meeting."""

    reach = (Subtree("meeting__organization"), Own("member__person__user"))
    edit_roles = OrgLifeMeeting.edit_roles

    meeting = models.ForeignKey(OrgLifeMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="attendance")
    status = models.CharField("出勤", max_length=10, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.ABSENT)
    reason = models.CharField("请假事由", max_length=200, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    via_qr = models.BooleanField("扫码签到", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "出勤"
        verbose_name_plural = "出勤"
        ordering = ["member__person__pinyin"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")]

    def __str__(self):
        return f"{self.member} · {self.get_status_display()}"

    def state_label(self, now=None) -> str:
        """What the row means now. A member not (yet) signed in is 缺席 only once the meeting has ended;
        before that the row reads 未开始, then 待签到 from when sign-in opens."""
        meeting = self.meeting
        if self.status != AttendanceStatus.ABSENT or meeting.has_ended(now):
            return self.get_status_display()
        return PENDING_LABEL if (now or timezone.now()) >= meeting.checkin_window()[0] else NOT_STARTED_LABEL

    def clean(self):
        if self.status == AttendanceStatus.LEAVE and not self.reason.strip():
            raise ValidationError({"reason": "请假须填写事由。"})
