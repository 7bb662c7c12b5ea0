"""流动党员: Mobile members: out-flowing members' whereabouts and in-flowing members joining life here.

An out-flowing member (`Outflow`) stays in their branch: the branch keeps them on its roster, its reminders still
reach them, and the record says where they are and how to reach them; opening one marks the member 流动, closing
it (returned) 正常 again — both through `members/mobile/actions.py`, with history.

An in-flowing member (`Inflow`) keeps their organizational relationship elsewhere: they are no PartyMember here
(a second roster row would count them twice), but a Person with a record of the branch whose life they join, and
of each meeting or activity they took part in (`InflowParticipation`, optionally naming the branch's meeting).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core.fields import EncryptedCharField
from dangjian.core.masking import mask_phone
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

EDIT_ROLES = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}


class Outflow(models.Model):
    """One stay away of one member of a branch here (外出流动), from its start until they return."""

    reach = (Subtree("member__branch"),)
    edit_roles = EDIT_ROLES

    member = models.ForeignKey("members.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="outflows")
    place = models.CharField("流入地", max_length=100, help_text="省市县（区）及详细地点")
    unit = models.CharField("工作（居住）单位", max_length=100, blank=True)
    phone = EncryptedCharField("外出期间联系电话", blank=True)
    card_number = models.CharField("流动党员活动证编号", max_length=40, blank=True)
    card_issued = models.DateField("活动证发放日期", null=True, blank=True)
    host_org = models.CharField("流入地党组织", max_length=100, blank=True)
    host_contact = models.CharField("流入地党组织联系人及电话", max_length=100, blank=True)
    start = models.DateField("外出日期")
    expected_return = models.DateField("预计返回日期", null=True, blank=True)
    returned_on = models.DateField("返回日期", null=True, blank=True, editable=False)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField("登记时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流出党员"
        verbose_name_plural = "流出党员"
        ordering = ["-start", "-id"]
        constraints = [models.UniqueConstraint(fields=["member"], condition=Q(returned_on__isnull=True),
                                               name="outflow_one_open",
                                               violation_error_message="该党员已有未返回的外出流动登记。")]

    def __str__(self):
        return f"{self.member} · {self.place}"

    def get_absolute_url(self):
        return reverse("mobile:outflow", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.returned_on is None

    @property
    def state_label(self) -> str:
        return "外出中" if self.is_open else f"已返回（{self.returned_on:%Y-%m-%d}）"

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    def clean(self):
        errors = {}
        if self.start and self.expected_return and self.expected_return < self.start:
            errors["expected_return"] = "预计返回日期不能早于外出日期。"
        if self.phone:
            from dangjian.people.models import PHONE_RE, normalize_phone

            self.phone = normalize_phone(self.phone)
            if not PHONE_RE.match(self.phone):
                errors["phone"] = "请输入11位手机号码或带区号的固定电话。"
        if errors:
            raise ValidationError(errors)


class OutflowContact(models.Model):
    """One contact with an out-flowing member (电话、微信、走访…): the to-do list asks after six months without."""

    reach = (Subtree("outflow__member__branch"),)
    edit_roles = EDIT_ROLES

    outflow = models.ForeignKey(Outflow, verbose_name="流出登记", on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField("联系日期")
    note = models.CharField("联系情况", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流出党员联系记录"
        verbose_name_plural = "流出党员联系记录"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.note}"

    def get_absolute_url(self):
        return self.outflow.get_absolute_url()


class Inflow(models.Model):
    """A member whose relationship stays elsewhere, taking part in the life of a branch here (流入党员)."""

    reach = (Subtree("branch"),)
    edit_roles = EDIT_ROLES

    person = models.ForeignKey("people.Person", verbose_name="人员", on_delete=models.PROTECT,
                               related_name="inflows")
    branch = models.ForeignKey("orgs.Organization", verbose_name="参加组织生活的支部", on_delete=models.PROTECT,
                               related_name="inflow_members")
    home_org = models.CharField("组织关系所在党组织", max_length=100)
    home_place = models.CharField("流出地", max_length=100, blank=True, help_text="来自何省市县（区）")
    card_number = models.CharField("流动党员活动证编号", max_length=40, blank=True)
    join_date = models.DateField("入党日期", null=True, blank=True)
    start = models.DateField("流入日期")
    end = models.DateField("离开日期", null=True, blank=True)
    note = models.TextField("参加组织生活情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField("登记时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流入党员"
        verbose_name_plural = "流入党员"
        ordering = ["-start", "-id"]

    def __str__(self):
        return f"{self.person.name}（流入）"

    def get_absolute_url(self):
        return reverse("mobile:inflow", kwargs={"pk": self.pk})

    @property
    def state_label(self) -> str:
        return "在本地" if self.end is None else f"已离开（{self.end:%Y-%m-%d}）"

    def clean(self):
        from dangjian.members.models.roster import MEMBER_BRANCH_KINDS

        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = "离开日期不能早于流入日期。"
        if self.branch_id and self.branch.kind not in MEMBER_BRANCH_KINDS:
            errors["branch"] = "请选择党支部（含网格党支部、志愿服务党支部、党总支）。"
        if self.person_id and hasattr(self.person, "party_member"):
            errors["person"] = "此人已是本平台党组织的党员，请登记为外出流动或办理组织关系转接。"
        if errors:
            raise ValidationError(errors)


class InflowParticipation(models.Model):
    """An in-flowing member at one meeting or activity of the branch (the branch's meeting when it is one)."""

    reach = (Subtree("inflow__branch"),)
    edit_roles = EDIT_ROLES

    inflow = models.ForeignKey(Inflow, verbose_name="流入党员", on_delete=models.CASCADE,
                               related_name="participations")
    meeting = models.ForeignKey("members.OrgLifeMeeting", verbose_name="组织生活", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="inflow_participations")
    date = models.DateField("日期")
    note = models.CharField("参加情况", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "流入党员参加组织生活"
        verbose_name_plural = "流入党员参加组织生活"
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["inflow", "meeting"], name="inflow_meeting_once",
                                               violation_error_message="已登记参加该次组织生活。")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.meeting.topic if self.meeting_id else self.note}"

    def get_absolute_url(self):
        return self.inflow.get_absolute_url()


__all__ = ["Inflow", "InflowParticipation", "Outflow", "OutflowContact"]
