"""发展党员: The recruitment pipeline: applicant → activist → candidate → probationary → full member.

A `Candidate` is one person's way through the pipeline in one branch. Each step's key data sit in typed fields
(the time rules of `recruitment/rules.py` read them, and lists filter on them in SQL); each step also leaves a
`CandidateStep` row — its date, notes and document — which the candidate's page shows as the timeline. The
`next_step`/`next_from`/`next_due` columns are what the rules say comes next, stored by every action so that the
lists, the to-do items and the reminders find due and overdue steps with one indexed filter.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role

from ..recruitment.choices import Stage, Step


class Candidate(models.Model):
    reach = (Subtree("branch"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    person = models.ForeignKey("people.Person", verbose_name="人员", on_delete=models.PROTECT,
                               related_name="candidacies")
    branch = models.ForeignKey("orgs.Organization", verbose_name="所在支部", on_delete=models.PROTECT,
                               related_name="candidates")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices, default=Stage.APPLICANT)
    # 入党申请人
    applied_on = models.DateField("入党申请书日期")
    talked_on = models.DateField("谈话日期", null=True, blank=True)
    talk_by = models.CharField("谈话人", max_length=50, blank=True)
    # 入党积极分子
    activist_on = models.DateField("确定为入党积极分子日期", null=True, blank=True)
    activist_filed_on = models.DateField("积极分子报上级党委备案日期", null=True, blank=True)
    contact_1 = models.ForeignKey("members.PartyMember", verbose_name="培养联系人一", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    contact_2 = models.ForeignKey("members.PartyMember", verbose_name="培养联系人二", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    # 发展对象
    developed_on = models.DateField("确定为发展对象日期", null=True, blank=True)
    developed_filed_on = models.DateField("发展对象报上级党委备案日期", null=True, blank=True)
    reviewed_on = models.DateField("政治审查日期", null=True, blank=True)
    review_conclusion = models.CharField("政审结论", max_length=200, blank=True)
    trained_until = models.DateField("集中培训结业日期", null=True, blank=True)
    training_days = models.PositiveSmallIntegerField("培训天数", null=True, blank=True)
    training_hours = models.PositiveSmallIntegerField("培训学时", null=True, blank=True)
    training_certificate = models.CharField("结业证书编号", max_length=50, blank=True)
    introducer_1 = models.ForeignKey("members.PartyMember", verbose_name="入党介绍人一", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    introducer_2 = models.ForeignKey("members.PartyMember", verbose_name="入党介绍人二", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    introduced_on = models.DateField("确定入党介绍人日期", null=True, blank=True)
    committee_reviewed_on = models.DateField("支部委员会审查日期", null=True, blank=True)
    prereviewed_on = models.DateField("上级党委预审日期", null=True, blank=True)
    # 支部大会讨论接收预备党员
    voted_on = models.DateField("支部大会通过日期", null=True, blank=True)
    vote_entitled = models.PositiveSmallIntegerField("有表决权的正式党员数", null=True, blank=True)
    vote_attended = models.PositiveSmallIntegerField("到会有表决权的正式党员数", null=True, blank=True)
    vote_for = models.PositiveSmallIntegerField("赞成票", null=True, blank=True)
    vote_against = models.PositiveSmallIntegerField("反对票", null=True, blank=True)
    approved_on = models.DateField("上级党委审批日期", null=True, blank=True)
    # 预备党员
    member = models.OneToOneField("members.PartyMember", verbose_name="党员记录", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="candidacy")
    oath_on = models.DateField("入党宣誓日期", null=True, blank=True)
    extended_months = models.PositiveSmallIntegerField("延长预备期（月）", null=True, blank=True)
    extended_on = models.DateField("延长预备期决定日期", null=True, blank=True)
    extension_reason = models.CharField("延长预备期原因", max_length=200, blank=True)
    convert_voted_on = models.DateField("支部大会讨论转正日期", null=True, blank=True)
    convert_entitled = models.PositiveSmallIntegerField("转正：有表决权的正式党员数", null=True, blank=True)
    convert_attended = models.PositiveSmallIntegerField("转正：到会有表决权的正式党员数", null=True, blank=True)
    convert_for = models.PositiveSmallIntegerField("转正：赞成票", null=True, blank=True)
    convert_against = models.PositiveSmallIntegerField("转正：反对票", null=True, blank=True)
    converted_on = models.DateField("上级党委批准转正日期", null=True, blank=True)
    # 终止
    stopped_on = models.DateField("终止日期", null=True, blank=True)
    stop_reason = models.CharField("终止原因", max_length=200, blank=True)
    # What the rules say comes next (recruitment/rules.py `plan`), kept by every action.
    next_step = models.CharField("下一步", max_length=20, choices=Step.choices, blank=True)
    next_from = models.DateField("最早可办日期", null=True, blank=True)
    next_due = models.DateField("办理期限", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发展党员"
        verbose_name_plural = "发展党员"
        ordering = ["branch__path", "applied_on", "id"]
        indexes = [models.Index(fields=["branch", "stage"], name="candidate_branch_stage"),
                   models.Index(fields=["next_due"], name="candidate_next_due")]

    def __str__(self):
        return f"{self.person.name}（{self.get_stage_display()}）"

    def get_absolute_url(self):
        return reverse("recruitment:candidate", kwargs={"pk": self.pk})

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return self.next_due is not None and self.next_due < timezone.localdate()

    @property
    def due_label(self) -> str:
        """The next step's deadline as the lists show it, marked when it has passed."""
        if self.next_due is None:
            return ""
        return f"{self.next_due:%Y-%m-%d}（已逾期）" if self.overdue else f"{self.next_due:%Y-%m-%d}"


class CandidateStep(models.Model):
    """One dated step of a candidate's timeline with its notes and document (谈话记录, 考察意见, 政审材料…)."""

    reach = (Subtree("candidate__branch"),)
    edit_roles = Candidate.edit_roles

    candidate = models.ForeignKey(Candidate, verbose_name="发展对象", on_delete=models.CASCADE, related_name="steps")
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    date = models.DateField("日期")
    note = models.TextField("情况记录", blank=True)
    document = models.CharField("材料", max_length=200, blank=True, help_text="材料名称或编号，如“入党申请书”")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "发展党员环节"
        verbose_name_plural = "发展党员环节"
        ordering = ["candidate", "date", "id"]

    def __str__(self):
        return f"{self.get_step_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.candidate.get_absolute_url()


__all__ = ["Candidate", "CandidateStep"]
