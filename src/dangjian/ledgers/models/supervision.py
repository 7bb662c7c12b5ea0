"""Supervision notices (督办): overdue tasks and problems, to the responsible and then the level above."""

from django.conf import settings
from django.db import models

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree


class SupervisionNotice(models.Model):
    # Staff of the item's organization (and above) see its notices; the recipient sees, and answers, theirs.
    reach = (Subtree("organization"), Own("recipient", roles=None))

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("ledgers.Task", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notices")
    problem = models.ForeignKey("ledgers.Problem", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="notices")
    level = models.PositiveSmallIntegerField("级别", default=0, help_text="0：责任人；1：上一级")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE,
                                  related_name="supervision_notices")
    message = models.CharField("督办内容", max_length=300)
    created = models.DateTimeField("督办时间", auto_now_add=True)
    reply = models.TextField("回复", blank=True)
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督办通知"
        verbose_name_plural = "督办通知"
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["task", "level", "recipient"], condition=models.Q(task__isnull=False),
                                    name="notice_once_per_task"),
            models.UniqueConstraint(fields=["problem", "level", "recipient"],
                                    condition=models.Q(problem__isnull=False), name="notice_once_per_problem"),
        ]

    def __str__(self):
        return self.message

    def get_absolute_url(self):
        """The notice is answered on the 督办 page; the item it concerns is linked from there."""
        from django.urls import reverse

        return reverse("ledgers:notice_list")

    @property
    def item(self):
        return self.task or self.problem
