"""The organization tree, grids with their 3+× staff, and who holds which role where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.urls import reverse
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from dangjian.core import tree
from dangjian.core.history import name_of
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import EVERYONE, Own, Subtree
from dangjian.core.roles import Role
from dangjian.core.tree import STEPLEN

from .choices import FIXED_GRID_POSTS, PARENT_KINDS, ROLE_ORG_KINDS, DemoSiteType, GridPost, OrgKind


class OrganizationQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def with_parent_pk(self):
        """Annotate each node's parent id in the same query (lists would otherwise ask per row)."""
        parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - tree.STEPLEN)
        parents = Organization.objects.filter(path=parent_path).values("pk")[:1]
        return self.annotate(parent_pk=Subquery(parents))


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self):
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node):
    """A node of the party organization tree; its materialized path is the unit of scope."""

    reach = (Subtree("", roles=EVERYONE),)  # everyone may see the names of the organizations they belong to
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}
    node_order_by = ["name"]
    steplen = STEPLEN

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=30, choices=OrgKind.choices)
    demo_site = models.CharField(
        "示范点", max_length=20, choices=DemoSiteType.choices, blank=True, default=DemoSiteType.NONE
    )
    secretary = models.ForeignKey(
        "people.Person",
        verbose_name="书记",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_phone = models.CharField("办公电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    established = models.DateField("成立日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganizationManager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        indexes = [
            # LIKE 'prefix%' on PostgreSQL only uses an index built with pattern ops.
            models.Index(fields=["path"], name="org_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind"], name="org_kind"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:organization", kwargs={"pk": self.pk})

    @property
    def is_demo_site(self) -> bool:
        return bool(self.demo_site)

    def community(self):
        """The community committee this node belongs to (itself, an ancestor, or None)."""
        if self.kind == OrgKind.COMMUNITY_COMMITTEE:
            return self
        return (
            Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE, path__in=self.ancestor_paths())
            .order_by("-depth")
            .first()
        )

    def parent_org(self):
        """The parent node, by path (one indexed lookup)."""
        if tree.depth(self.path) <= 1:
            return None
        return Organization.objects.filter(path=tree.parent_path(self.path)).first()

    def ancestor_paths(self) -> list[str]:
        return tree.ancestor_paths(self.path)

    def check_parent(self, parent):
        allowed = PARENT_KINDS.get(self.kind, set())
        parent_kind = parent.kind if parent is not None else None
        if parent is None and allowed:
            raise ValidationError({"kind": f"「{self.get_kind_display()}」必须有上级组织。"})
        if parent is not None and parent_kind not in allowed:
            raise ValidationError(
                {"kind": f"「{self.get_kind_display()}」不能设在「{parent.get_kind_display()}」之下。"}
            )


class Grid(models.Model):
    """A grid (网格); its grid branch is the node its residents and staff are scoped by."""

    reach = (Subtree("organization", roles=EVERYONE),)  # residents see their grid and who serves it
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    organization = models.OneToOneField(
        Organization,
        verbose_name="网格党支部",
        on_delete=models.PROTECT,
        related_name="grid",
        limit_choices_to={"kind": OrgKind.GRID_BRANCH},
    )
    name = models.CharField("网格名称", max_length=60)
    area = models.CharField("范围", max_length=200, blank=True, help_text="包含的小区、楼栋或街巷")
    note = models.TextField("备注", blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["organization__path"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("orgs:grid", kwargs={"pk": self.pk})

    @property
    def community(self):
        return self.organization.parent_org()

    def clean(self):
        if self.organization_id and self.organization.kind != OrgKind.GRID_BRANCH:
            raise ValidationError({"organization": "网格必须对应一个网格党支部。"})


class GridStaff(models.Model):
    """One person's post in a grid: the three fixed posts, or one of the "×" members."""

    reach = (Subtree("grid__organization"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.CASCADE, related_name="staff")
    person = models.ForeignKey(
        "people.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="grid_posts"
    )
    post = models.CharField("岗位", max_length=30, choices=GridPost.choices)
    duty = models.CharField("职责", max_length=100, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "网格人员"
        verbose_name_plural = "网格人员"
        ordering = ["grid", "post", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "post"],
                condition=Q(post__in=[p.value for p in FIXED_GRID_POSTS]),
                name="grid_fixed_post_once",
                violation_error_message="该网格已有此岗位的人员。",
            ),
            models.UniqueConstraint(
                fields=["grid", "person", "post"],
                name="grid_person_post_once",
                violation_error_message="此人已在该网格担任此岗位。",
            ),
        ]

    def __str__(self):
        return f"{self.grid} · {self.get_post_display()} · {self.person}"

    def get_absolute_url(self):
        return self.grid.get_absolute_url()

    @property
    def is_fixed(self) -> bool:
        return self.post in FIXED_GRID_POSTS


class RoleAssignment(models.Model):
    """A user's role at an organization for a period; it covers that organization's subtree."""

    reach = (Subtree("organization"), Own("user"))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE, related_name="role_assignments"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="组织", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        ordering = ["organization__path", "role", "user__username"]
        indexes = [models.Index(fields=["user", "start", "end"], name="roleassign_user_period")]

    def __str__(self):
        return f"{name_of(self.user)} · {self.organization} · {self.get_role_display()}"

    def get_absolute_url(self):
        return reverse("orgs:roleassignment_list") + f"?q={self.user.username}"

    @property
    def is_current(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return self.start <= today and (self.end is None or self.end >= today)

    def clean(self):
        errors = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = "结束日期不能早于开始日期。"
        kinds = ROLE_ORG_KINDS.get(self.role)
        if kinds and self.organization_id and self.organization.kind not in kinds:
            names = "、".join(OrgKind(k).label for k in kinds)
            errors["organization"] = f"「{self.get_role_display()}」只能设在{names}。"
        if errors:
            raise ValidationError(errors)


# The two-new organizations' method and the committee terms (换届) live beside; imported so the registry has them.
from .terms import CommitteeTerm, ElectedMember  # noqa: E402,F401
from .two_new import Cultivation, HelpRecord, LinkActivity  # noqa: E402,F401
