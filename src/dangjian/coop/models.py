"""Regional co-building (区域化党建): partner units in the community's 大党委, what they agree to do
together, needs matched to resources as projects, and the joint activities they hold."""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from dangjian.core.fields import EncryptedCharField
from dangjian.core.masking import mask_phone
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

STAFF = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}
CHECKIN_OPENS_BEFORE = timedelta(minutes=30)
CHECKIN_CLOSES_AFTER = timedelta(minutes=30)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class PartnerKind(models.TextChoices):
    RESIDENT_UNIT = "resident_unit", "驻区单位"
    PAIRED_UNIT = "paired_unit", "结对共建单位"
    SOCIAL_ORG = "social_org", "社会组织"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", "谋划中"
    RUNNING = "running", "实施中"
    DONE = "done", "已完成"


class PartnerUnit(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="共建社区", on_delete=models.PROTECT,
                                     related_name="partner_units")
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=PartnerKind.choices)
    contact_name = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = EncryptedCharField("联系电话", blank=True)
    party_org = models.CharField("单位党组织", max_length=100, blank=True)
    member_count = models.PositiveIntegerField("党员人数", default=0)
    leader_on_committee = models.BooleanField("负责人任社区大党委兼职委员", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "共建单位"
        verbose_name_plural = "共建单位"
        ordering = ["organization__path", "kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coop:partner", kwargs={"pk": self.pk})

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)


class CoBuildAgreement(models.Model):
    label_related = ("partner",)  # its label names the partner
    """组织共建、资源共享、党员共管、活动共办 — what each side commits to, for a period."""

    reach = (Subtree("partner__organization"),)
    edit_roles = STAFF

    partner = models.ForeignKey(PartnerUnit, verbose_name="共建单位", on_delete=models.CASCADE,
                                related_name="agreements")
    organization_building = models.TextField("组织共建", blank=True)
    resource_sharing = models.TextField("资源共享", blank=True)
    member_management = models.TextField("党员共管", blank=True)
    joint_activities = models.TextField("活动共办", blank=True)
    start = models.DateField("起始日期")
    end = models.DateField("截止日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "共建协议"
        verbose_name_plural = "共建协议"
        ordering = ["-start"]

    def __str__(self):
        return f"{self.partner} {self.start:%Y}—{self.end:%Y}"

    def get_absolute_url(self):
        return self.partner.get_absolute_url()

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "截止日期不能早于起始日期。"})


class Need(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="needs")
    title = models.CharField("需求", max_length=200)
    detail = models.TextField("说明", blank=True)
    raised_on = models.DateField("提出日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "需求"
        verbose_name_plural = "需求清单"
        ordering = ["-raised_on"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coop:lists")


class Resource(models.Model):
    label_related = ("partner",)  # its label names the partner
    reach = (Subtree("partner__organization"),)
    edit_roles = STAFF

    partner = models.ForeignKey(PartnerUnit, verbose_name="提供单位", on_delete=models.CASCADE,
                                related_name="resources")
    title = models.CharField("资源", max_length=200)
    detail = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "资源"
        verbose_name_plural = "资源清单"
        ordering = ["partner", "title"]

    def __str__(self):
        return f"{self.partner}：{self.title}"

    def get_absolute_url(self):
        return reverse("coop:lists")


class Project(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="coop_projects")
    title = models.CharField("项目", max_length=200)
    need = models.ForeignKey(Need, verbose_name="对应需求", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="projects")
    resource = models.ForeignKey(Resource, verbose_name="对接资源", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="projects")
    status = models.CharField("状态", max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    outcome = models.TextField("成效", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "项目"
        verbose_name_plural = "项目清单"
        ordering = ["organization__path", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("coop:lists")

    def clean(self):
        if self.need_id and self.organization_id and self.need.organization_id != self.organization_id:
            raise ValidationError({"need": "对应需求不是该社区提出的。"})


class JointActivity(models.Model):
    """联创共建活动: in-service members by name (they count for participation), partner staff by number.

    An in-service member who reported (报到) to the community sees its activities on the phone, signs up and
    checks in with the activity's QR code; a check-in puts them on `members`, which the figures count.
    """

    reach = (Subtree("organization"),
             Own("organization__registered_members__person__user", roles=frozenset({Role.MEMBER})))
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                     related_name="joint_activities")
    partners = models.ManyToManyField(PartnerUnit, verbose_name="共建单位", blank=True, related_name="activities")
    title = models.CharField("活动", max_length=200)
    kind = models.CharField("类型", max_length=30, default="联创共建", help_text="如：亲子读书会、环境整治、义诊")
    date = models.DateField("日期", db_index=True)
    start_time = models.TimeField("开始时间", default=time(9, 0))
    place = models.CharField("地点", max_length=100, blank=True)
    capacity = models.PositiveIntegerField("报名名额", null=True, blank=True,
                                           help_text="在职党员报名人数上限，留空表示不限")
    members = models.ManyToManyField("members.PartyMember", verbose_name="参加的在职党员", blank=True,
                                     related_name="joint_activities")
    partner_staff = models.PositiveIntegerField("共建单位参加人数", default=0)
    hours = models.DecimalField("活动时长（小时）", max_digits=4, decimal_places=1, default=2)
    outcome = models.TextField("成效（解决了哪些问题）", blank=True)
    photos = models.ManyToManyField("core.Evidence", verbose_name="照片", blank=True, related_name="+")
    checkin_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "联创共建活动"
        verbose_name_plural = "联创共建活动"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("coop:activity", kwargs={"pk": self.pk})

    @property
    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=int((self.hours or 0) * 60))

    def checkin_window(self) -> tuple[datetime, datetime]:
        """Scanning the activity's code counts from half an hour before it starts to half an hour after it ends."""
        return self.starts_at - CHECKIN_OPENS_BEFORE, self.ends_at + CHECKIN_CLOSES_AFTER


class SignupStatus(models.TextChoices):
    SIGNED_UP = "signed_up", "已报名"
    CHECKED_IN = "checked_in", "已签到"
    CANCELLED = "cancelled", "已取消"


class ActivitySignup(models.Model):
    """An in-service member's sign-up for a joint activity and their check-in at it (one row per member)."""

    label_related = ("member", "activity")
    reach = (Subtree("activity__organization"), Own("member__person__user"))
    edit_roles = STAFF

    activity = models.ForeignKey(JointActivity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.CASCADE,
                               related_name="joint_signups")
    status = models.CharField("状态", max_length=12, choices=SignupStatus.choices, default=SignupStatus.SIGNED_UP)
    signed_up_at = models.DateTimeField("报名时间", null=True, blank=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    via_qr = models.BooleanField("扫码签到", default=False)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "共建活动报名"
        verbose_name_plural = "共建活动报名"
        ordering = ["activity", "member__person__pinyin", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="joint_signup_once")]

    def __str__(self):
        return f"{self.member} · {self.activity.title}"

    def get_absolute_url(self):
        return self.activity.get_absolute_url()
