"""党员之家 content: news, notices and study material published by an organization to its members."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from dangjian.core.history import name_of
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import STAFF_ROLES, Published, Subtree
from dangjian.core.roles import Role

from ..choices import BulletinKind

READERS = STAFF_ROLES | {Role.MEMBER}


def _untargeted():
    return ~Q(Exists(Bulletin.targets.through.objects.filter(bulletin_id=OuterRef("pk"))))


class Bulletin(models.Model):
    # Published to the publisher's whole subtree (every staff member and party member below it), or only to
    # the branches chosen as targets.
    reach = (Subtree("organization", roles=READERS),
             Published("organization", when=_untargeted, roles=READERS),
             Subtree("targets", roles=READERS, writes=False))
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}

    organization = models.ForeignKey("orgs.Organization", verbose_name="发布组织", on_delete=models.PROTECT,
                                     related_name="bulletins")
    kind = models.CharField("类别", max_length=10, choices=BulletinKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文", blank=True)
    link = models.URLField("链接", blank=True)
    attachments = models.ManyToManyField("core.Evidence", verbose_name="附件", blank=True, related_name="+")
    targets = models.ManyToManyField(
        "orgs.Organization", verbose_name="指定支部", blank=True, related_name="+",
        help_text="不选则发布到本组织下的全部支部",
    )
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "党员之家内容"
        verbose_name_plural = "党员之家内容"
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("members:bulletin", kwargs={"pk": self.pk})


class BulletinRead(models.Model):
    """Who opened a bulletin: visible to its publisher, never scored."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "user"], name="bulletin_read_once")]

    def __str__(self):
        return f"{name_of(self.user)} 已读 {self.bulletin}"
