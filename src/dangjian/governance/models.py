"""Democratic governance: 一征三议两公开 decisions, 四大员 supervisors and their records, 社情民意 reports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import InCommunity, Own, Subtree
from dangjian.core.roles import Role

STAFF = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

# The six steps, strictly in this order.
STAGES = [
    ("solicit", "征求意见"),
    ("propose", "党组织提议"),
    ("deliberate", "两委商议"),
    ("resolve", "居民代表会议决议"),
    ("publish_decision", "决议公开"),
    ("publish_result", "结果公开"),
]
STAGE_KEYS = [k for k, _ in STAGES]
STAGE_LABELS = dict(STAGES)


PUBLIC_STAGES = ("publish_decision", "publish_result")
# Opinions are collected while the item is drafted: completing the 征求意见 stage closes the collection.
SOLICITING = "draft"
# A proposal the resident representatives vote down ends here (or, at the secretary's choice, goes back
# to the party organization for a revised proposal): never published, never counted as completed.
REJECTED = "rejected"
VOTE_RULE = ("居民代表会议表决，赞成票超过投票总数（赞成、反对、弃权之和）的一半为通过；"
             "赞成票未超过一半的为未通过，不能公开为决议。")


def vote_passes(votes_for: int, votes_against: int, votes_abstain: int) -> bool:
    """The representatives adopt a proposal only when 赞成 is more than half of the votes cast
    (赞成 + 反对 + 弃权), i.e. more 赞成 than 反对 and 弃权 together: a tie, a majority against, or
    abstentions that keep 赞成 at half or below all mean 未通过, and so does a meeting where no one voted."""
    return votes_for > votes_against + votes_abstain


class Decision(models.Model):
    # Residents read a decision on the community's board once it is published (两公开), and while it is
    # being drafted (拟定) they may give their opinions on it (一征).
    reach = (Subtree("community"), InCommunity("community", when=Q(stage__in=PUBLIC_STAGES)),
             InCommunity("community", when=Q(stage=SOLICITING)))
    edit_roles = STAFF

    community = models.ForeignKey(
        "orgs.Organization", verbose_name="社区", on_delete=models.PROTECT, related_name="decisions"
    )
    title = models.CharField("事项", max_length=200)
    background = models.TextField("事项说明", blank=True)
    stage = models.CharField("当前阶段", max_length=20, choices=[("draft", "拟定"), *STAGES, (REJECTED, "未通过")],
                             default="draft")
    opinions_count = models.PositiveIntegerField("征集意见数", default=0)
    votes_for = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "民主决策事项"
        verbose_name_plural = "一征三议两公开"
        ordering = ["-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:decision", kwargs={"pk": self.pk})

    @property
    def next_stage(self):
        if self.stage == REJECTED:
            return None  # terminal
        index = STAGE_KEYS.index(self.stage) + 1 if self.stage in STAGE_KEYS else 0
        return STAGE_KEYS[index] if index < len(STAGE_KEYS) else None

    @property
    def next_stage_label(self) -> str:
        return STAGE_LABELS.get(self.next_stage, "")

    @property
    def vote_passed(self) -> bool | None:
        """None before the vote is recorded."""
        if self.votes_for is None:
            return None
        return vote_passes(self.votes_for, self.votes_against or 0, self.votes_abstain or 0)

    @property
    def is_published(self) -> bool:
        return self.stage in ("publish_decision", "publish_result")


class DecisionStep(models.Model):
    """One completed stage: when, the record, attachments; a reopen is a step too, with its reason."""

    reach = (Subtree("decision__community"),)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField("阶段", max_length=20, choices=[*STAGES, ("reopen", "退回重议")])
    date = models.DateField("日期")
    record = models.TextField("记录")
    attachments = models.ManyToManyField("core.Evidence", blank=True, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "决策步骤"
        verbose_name_plural = "决策步骤"
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.decision} · {self.get_stage_display()}"


class Opinion(models.Model):
    """A resident's opinion on a decision being drafted (一征), given on the phone. The staff of its community
    read them on the decision's page; the grid workers of the resident's grid see those of their grid. The
    name is shown only when the resident chose to sign it (`signed`); the account is kept so the resident
    sees their own."""

    reach = (Subtree("decision__community"),
             Subtree("grid__organization", roles=frozenset({Role.GRID_WORKER}), writes=False),
             Own("author", roles=None))

    decision = models.ForeignKey(Decision, verbose_name="事项", on_delete=models.CASCADE, related_name="opinions")
    grid = models.ForeignKey("orgs.Grid", verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    signed_name = models.CharField("署名", max_length=30, blank=True, help_text="留空为匿名")
    content = models.TextField("意见")
    created = models.DateTimeField("提交时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "居民意见"
        verbose_name_plural = "居民意见"
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.content[:30]

    def get_absolute_url(self):
        return reverse("governance:decision", kwargs={"pk": self.decision_id})

    @property
    def shown_name(self) -> str:
        return self.signed_name or "匿名居民"


class Supervisor(models.Model):
    label_related = ("person",)  # its label names the person
    # The 四大员 themselves see their own appointment (to file records from their phones).
    reach = (Subtree("community"), Own("person__user", roles=None))
    edit_roles = STAFF

    class Post(models.TextChoices):
        CONDUCT = "conduct", "党风政风监督员"
        SENTIMENT = "sentiment", "社情民意信息员"
        AFFAIRS = "affairs", "社区事务评议员"
        ADVICE = "advice", "社区建设献策员"

    community = models.ForeignKey(
        "orgs.Organization", verbose_name="社区", on_delete=models.PROTECT, related_name="supervisors"
    )
    person = models.ForeignKey("people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="+")
    post = models.CharField("岗位", max_length=12, choices=Post.choices)
    since = models.DateField("聘任日期")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "四大员"
        verbose_name_plural = "四大员"
        ordering = ["community__path", "post"]

    def __str__(self):
        return f"{self.get_post_display()} {self.person}"

    def get_absolute_url(self):
        return reverse("governance:supervisor_list")


class SupervisionRecord(models.Model):
    reach = (Subtree("community"), Own("supervisor__person__user", roles=None))
    edit_roles = STAFF

    class Subject(models.TextChoices):
        PERFORMANCE = "performance", "社区干部履职"
        FUNDS = "funds", "社区办公经费"
        POLICY = "policy", "政策落实"
        INTEGRITY = "integrity", "廉洁从政"

    community = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(Supervisor, verbose_name="监督员", on_delete=models.PROTECT, related_name="records")
    subject = models.CharField("监督内容", max_length=12, choices=Subject.choices)
    date = models.DateField("日期")
    finding = models.TextField("发现情况")
    follow_up = models.TextField("跟进处理", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "监督记录"
        verbose_name_plural = "监督记录"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_subject_display()}"

    def get_absolute_url(self):
        return reverse("governance:record_list")

    def clean(self):
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.supervisor_id and self.community_id and self.supervisor.community_id != self.community_id:
            errors["supervisor"] = "该监督员不是本社区聘任的四大员。"
        if self.date and self.date > timezone.localdate():
            errors["date"] = "监督日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)


class SentimentReport(models.Model):
    # The community's staff see its reports; whoever reported one (a grid worker, an information officer)
    # keeps seeing theirs. A grid worker may correct what they filed; deciding on it stays with the staff
    # of its community or street (a secretary who filed one elsewhere decides nothing there).
    # A resident's report goes to their grid: the grid's workers see it in their list and to-do.
    reach = (Subtree("community"), Own("reporter", roles=None),
             Own("reporter", roles=frozenset({Role.GRID_WORKER}), writes=True),
             Subtree("grid__organization", roles=frozenset({Role.GRID_WORKER}), writes=False))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.GRID_WORKER}

    class Urgency(models.TextChoices):
        NORMAL = "normal", "一般"
        URGENT = "urgent", "紧急"

    class Status(models.TextChoices):
        NEW = "new", "待处理"
        PROBLEM = "problem", "已转问题清单"
        ANSWERED = "answered", "已答复"

    community = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField("主题", max_length=200)
    content = models.TextField("内容")
    location = models.CharField("地点", max_length=100, blank=True)
    grid = models.ForeignKey("orgs.Grid", verbose_name="网格", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    by_resident = models.BooleanField("居民自行报送", default=False, editable=False)
    photo = models.ForeignKey("core.Evidence", verbose_name="照片", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", editable=False)
    urgency = models.CharField("紧急程度", max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.NEW)
    problem = models.OneToOneField(
        "ledgers.Problem",
        verbose_name="转为问题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sentiment_report",
    )
    answer = models.TextField("答复", blank=True)
    created = models.DateTimeField("报送时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "社情民意"
        verbose_name_plural = "社情民意"
        ordering = ["-created"]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("governance:report", kwargs={"pk": self.pk})
