"""The roster: a party member is a role of a Person, kept in one branch."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import STAFF_ROLES, Own, Subtree
from dangjian.core.roles import Role

from ..choices import ACTIVE_STATUSES, Category, Post, Status

ELDERLY_AGE = 70
MEMBER_BRANCH_KINDS = ("branch", "grid_branch", "volunteer_branch", "general_branch")
GLORY_PARTY_AGE = 50


def years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


class PartyMemberQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class PartyMember(models.Model):
    # In-service members who reported (报到) to a community are also that community's to see: it organizes
    # them (党员共管) though their branch is elsewhere; changing them stays with their branch.
    reach = (Subtree("branch"), Own("person__user"),
             Subtree("registered_community", when=Q(in_service=True), writes=False))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    person = models.OneToOneField("people.Person", verbose_name="人员", on_delete=models.PROTECT,
                                  related_name="party_member")
    branch = models.ForeignKey("orgs.Organization", verbose_name="所在支部", on_delete=models.PROTECT,
                               related_name="party_members")
    category = models.CharField("党员类别", max_length=20, choices=Category.choices, default=Category.FULL)
    join_date = models.DateField("入党日期", help_text="即政治生日")
    full_date = models.DateField("转正日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.NORMAL)
    status_date = models.DateField("状态变更日期", null=True, blank=True)
    is_hardship = models.BooleanField("困难党员", default=False)
    is_sick = models.BooleanField("患病党员", default=False)
    in_service = models.BooleanField("在职党员", default=False)
    employer = models.CharField("工作单位", max_length=100, blank=True)
    registered_community = models.ForeignKey(
        "orgs.Organization", verbose_name="报到社区", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="registered_members",
    )
    registered_on = models.DateField("报到日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)
    # 全国党员管理信息系统's 工作岗位 (e.g. 离退休人员, 学生): kept as their text, exchanged in its roster files.
    job_post = models.CharField("工作岗位", max_length=60, blank=True)

    objects = PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        ordering = ["person__pinyin", "id"]
        indexes = [models.Index(fields=["branch", "status"], name="member_branch_status")]

    def __str__(self):
        return self.person.name

    def get_absolute_url(self):
        return reverse("members:member", kwargs={"pk": self.pk})

    @property
    def party_age(self) -> int:
        return max(0, years_between(self.join_date, timezone.localdate()))

    @property
    def is_glory_50(self) -> bool:
        """光荣在党50年: derived from the join date, never stored."""
        return self.party_age >= GLORY_PARTY_AGE

    @property
    def is_elderly(self) -> bool:
        age = self.person.age
        return age is not None and age >= ELDERLY_AGE

    def clean(self):
        errors = {}
        if self.join_date and self.join_date > timezone.localdate():
            errors["join_date"] = "入党日期不能晚于今天。"
        if self.full_date and self.join_date and self.full_date < self.join_date:
            errors["full_date"] = "转正日期不能早于入党日期。"
        if self.category == Category.FULL and not self.full_date and self.join_date:
            # Old records often lack it; accepted, but a probationary member cannot have one.
            pass
        if self.category == Category.PROBATIONARY and self.full_date:
            errors["full_date"] = "预备党员尚未转正，不应填写转正日期。"
        if self.branch_id and self.branch.kind not in MEMBER_BRANCH_KINDS:
            errors["branch"] = "党员只能编入党支部（含网格党支部、志愿服务党支部、党总支）。"
        # An in-service member without a community has not reported (报到) yet: they do it on the phone
        # (members/reporting.py) by the community's code, or the branch enters it here.
        if self.registered_community_id and not self.in_service:
            errors["registered_community"] = "只有在职党员需要到社区报到。"
        if self.person_id and self.join_date and self.person.birth_date:
            if years_between(self.person.birth_date, self.join_date) < 18:
                errors["join_date"] = "入党时应年满十八周岁，请核对入党日期。"
        if self.status != Status.NORMAL and not self.status_date:
            errors["status_date"] = "状态不是“正常”时请填写变更日期。"
        if errors:
            raise ValidationError(errors)


class CommitteePost(models.Model):
    """A seat on a branch committee (支部班子) for a period."""

    reach = (Subtree("branch", roles=STAFF_ROLES | {Role.MEMBER}),)  # a member sees their branch's
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    branch = models.ForeignKey("orgs.Organization", verbose_name="支部", on_delete=models.PROTECT,
                               related_name="committee_posts")
    member = models.ForeignKey(PartyMember, verbose_name="党员", on_delete=models.PROTECT, related_name="posts")
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    start = models.DateField("任职日期")
    end = models.DateField("离任日期", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "支部班子职务"
        verbose_name_plural = "支部班子职务"
        ordering = ["branch", "post", "-start"]

    def __str__(self):
        return f"{self.branch} · {self.get_post_display()} · {self.member}"

    def get_absolute_url(self):
        return self.member.get_absolute_url()

    def clean(self):
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": "离任日期不能早于任职日期。"})
        if self.member_id and self.branch_id and self.member.branch_id != self.branch_id:
            raise ValidationError({"member": "只能任命本支部的党员。"})


__all__ = ["CommitteePost", "PartyMember", "Post"]
