"""Volunteer teams and volunteers; a volunteer is a role of a Person, hours come from confirmed sign-ups and
the services logged at a station."""

from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

STAFF = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY}


class Archivable(models.Model):
    """A directory row (a team, an alliance member, a talent, a brand) that is archived rather than deleted:
    it leaves the lists, the choices and the counts, and keeps its history; restoring brings it back."""

    archived_at = models.DateTimeField("归档时间", null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class VolunteerTeam(Archivable):
    reach = (Subtree("organization"),)
    edit_roles = STAFF

    organization = models.ForeignKey("orgs.Organization", verbose_name="所属组织", on_delete=models.PROTECT,
                                     related_name="volunteer_teams")
    name = models.CharField("服务队", max_length=60)
    focus = models.CharField("服务方向", max_length=200, blank=True)
    leader = models.ForeignKey("people.Person", verbose_name="队长", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+", help_text="须是已登记的志愿者")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿服务队"
        verbose_name_plural = "志愿服务队"
        ordering = ["organization__path", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("services:team", kwargs={"pk": self.pk})


class Volunteer(models.Model):
    reach = (Subtree("organization"), Own("person__user"))
    edit_roles = STAFF
    label_related = ("person",)  # its label is the person's name

    person = models.OneToOneField("people.Person", verbose_name="人员", on_delete=models.PROTECT,
                                  related_name="volunteer")
    organization = models.ForeignKey("orgs.Organization", verbose_name="所属社区/组织", on_delete=models.PROTECT,
                                     related_name="volunteers")
    teams = models.ManyToManyField(VolunteerTeam, verbose_name="服务队", blank=True, related_name="volunteers")
    skills = models.CharField("特长", max_length=200, blank=True)
    joined_on = models.DateField("注册日期", null=True, blank=True)
    active = models.BooleanField("在册", default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "志愿者"
        verbose_name_plural = "志愿者"
        ordering = ["person__pinyin"]

    def __str__(self):
        return self.person.name

    def get_absolute_url(self):
        return reverse("services:volunteer", kwargs={"pk": self.pk})
