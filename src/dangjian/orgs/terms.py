"""换届: each committee's term of office, the election that began it, and who was elected.

A term (`CommitteeTerm`) is the record of one election (换届选举) of an organization's committee — its date,
method, how many were entitled and present, the approval by the level above — and of the term it began: its
length (by the rules three years for a branch or general branch, five for a community committee; any value from
one to five is allowed) and its end date, computed. The next election closes it (`closed_on`); a term past its
end with no new election is overdue: it waits in the to-do list of the level above and is named in the analysis.
"""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dangjian.core.dates import add_months, add_years
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role
from dangjian.members.choices import Post

from .choices import OrgKind

EDIT_ROLES = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}
TERM_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMUNITY_COMMITTEE, OrgKind.TWO_NEW_ORG,
              OrgKind.GRID_BRANCH, OrgKind.VOLUNTEER_BRANCH)
FIVE_YEAR_KINDS = (OrgKind.COMMUNITY_COMMITTEE,)


def default_years(kind: str) -> int:
    """The rules' term: five years for a community (regional) committee, three for branches and general branches."""
    return 5 if kind in FIVE_YEAR_KINDS else 3


class ElectionMethod(models.TextChoices):
    COMPETITIVE = "competitive", "差额选举"
    EQUAL = "equal", "等额选举"


class TermQuerySet(ScopedQuerySet):
    def current(self):
        """Terms not closed by a later election."""
        return self.filter(closed_on__isnull=True)

    def overdue(self, today=None):
        return self.current().filter(ends_on__lt=today or timezone.localdate())

    def due_within(self, months: int, today=None):
        """Current terms ending within `months` months from today (not yet overdue)."""
        today = today or timezone.localdate()
        return self.current().filter(ends_on__gte=today, ends_on__lte=add_months(today, months))


class CommitteeTerm(models.Model):
    reach = (Subtree("organization"),)
    edit_roles = EDIT_ROLES

    organization = models.ForeignKey("orgs.Organization", verbose_name="组织", on_delete=models.PROTECT,
                                     related_name="terms", limit_choices_to={"kind__in": TERM_KINDS})
    elected_on = models.DateField("选举日期", help_text="本届委员会选举产生的日期")
    years = models.PositiveSmallIntegerField("任期（年）", default=3,
                                             help_text="按规定：党支部、党总支3年，社区党委5年")
    ends_on = models.DateField("任期届满日期", editable=False, db_index=True)
    method = models.CharField("选举方式", max_length=20, choices=ElectionMethod.choices,
                              default=ElectionMethod.COMPETITIVE)
    entitled = models.PositiveIntegerField("应到会党员数", null=True, blank=True)
    present = models.PositiveIntegerField("实到会党员数", null=True, blank=True)
    note = models.TextField("选举情况", blank=True)
    approved_by_org = models.ForeignKey("orgs.Organization", verbose_name="批复组织", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+", editable=False)
    approved_on = models.DateField("批复日期", null=True, blank=True, editable=False)
    approval_no = models.CharField("批复文号", max_length=60, blank=True, editable=False)
    closed_on = models.DateField("换届日期", null=True, blank=True, editable=False,
                                 help_text="下一届选举产生之日，本届任期结束")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False)
    created = models.DateTimeField("登记时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = "班子任期"
        verbose_name_plural = "班子任期"
        ordering = ["ends_on", "id"]
        constraints = [models.UniqueConstraint(fields=["organization"], condition=Q(closed_on__isnull=True),
                                               name="term_one_current",
                                               violation_error_message="该组织已有一届未结束的任期。")]

    def __str__(self):
        return f"{self.organization} {self.elected_on:%Y}年选举产生的委员会"

    def save(self, *args, **kwargs):
        if self.elected_on and self.years:
            self.ends_on = add_years(self.elected_on, self.years)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("orgs:term", kwargs={"pk": self.pk})

    @property
    def is_current(self) -> bool:
        return self.closed_on is None

    def is_overdue(self, today=None) -> bool:
        return self.is_current and self.ends_on < (today or timezone.localdate())

    @property
    def state_label(self) -> str:
        if self.closed_on:
            return f"已换届（{self.closed_on:%Y-%m-%d}）"
        today = timezone.localdate()
        if self.ends_on < today:
            return "逾期未换届"
        if self.ends_on <= add_months(today, 6):
            return "六个月内届满"
        return "任期内"

    @property
    def approval_label(self) -> str:
        if not self.approved_on:
            return "待上级批复"
        return f"{self.approved_by_org or ''}批复（{self.approved_on:%Y-%m-%d}）{self.approval_no}".strip()

    def clean(self):
        errors = {}
        if self.organization_id and self.organization.kind not in TERM_KINDS:
            errors["organization"] = "只能登记党委、党总支、党支部和“两新”组织党组织的任期。"
        if self.years is not None and not 1 <= self.years <= 5:
            errors["years"] = "任期应为1至5年。"
        if self.elected_on and self.elected_on > timezone.localdate():
            errors["elected_on"] = "选举日期不能晚于今天。"
        if self.entitled is not None and self.present is not None and self.present > self.entitled:
            errors["present"] = "实到人数不能多于应到人数。"
        if errors:
            raise ValidationError(errors)


class ElectedMember(models.Model):
    """One person elected to the committee at the term's election, and their post (linked to the person when
    they are on the platform)."""

    reach = (Subtree("term__organization"),)
    edit_roles = EDIT_ROLES

    term = models.ForeignKey(CommitteeTerm, verbose_name="任期", on_delete=models.CASCADE, related_name="elected")
    name = models.CharField("姓名", max_length=50)
    # The person on the platform (their roster row and committee posts follow from it); a Person, not a
    # PartyMember, so this app's migrations need not follow the members app's.
    person = models.ForeignKey("people.Person", verbose_name="平台内人员", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    post = models.CharField("职务", max_length=20, choices=Post.choices)
    votes = models.PositiveIntegerField("得票数", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "当选委员"
        verbose_name_plural = "当选委员"
        ordering = ["term", "id"]

    def __str__(self):
        return f"{self.name} · {self.post_label}"

    def get_absolute_url(self):
        return self.term.get_absolute_url()

    @property
    def post_label(self) -> str:
        return self.get_post_display()
