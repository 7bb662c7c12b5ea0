"""A resident's answer to "已解决吗？" once a problem they raised is marked resolved (回访).

One row per time the problem is resolved: asked when it is resolved, answered once by that resident. The
community it counts for is where the resident raised it (`community`), so a problem reopened to the level
above still counts in the satisfaction of the community its resident lives in.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree


class ProblemFeedback(models.Model):
    reach = (Subtree("community"), Own("resident", roles=None))
    edit_roles = frozenset()  # written only by the resident, through ledgers.feedback

    problem = models.ForeignKey("ledgers.Problem", verbose_name="问题", on_delete=models.CASCADE,
                                related_name="feedback")
    community = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.PROTECT,
                                  related_name="+")
    # Null once the resident's account is removed: their answer still counts.
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="居民", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    asked_on = models.DateField("回访日期")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    fixed = models.BooleanField("是否解决", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("满意度评分", null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField("意见", max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "居民回访"
        verbose_name_plural = "居民回访"
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["community", "answered_at"], name="feedback_community_answered")]

    def __str__(self):
        return f"{self.problem} · {self.get_fixed_display() if self.answered_at else '待答复'}"

    def get_absolute_url(self):
        return reverse("civic:feedback", kwargs={"pk": self.pk})

    def get_fixed_display(self) -> str:
        return {True: "已解决", False: "未解决"}.get(self.fixed, "待答复")
