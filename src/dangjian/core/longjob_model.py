"""The row of a long job (a PDF, a large export or import, a binder): who asked, how far it is, what came out.

Kept apart from the engine (core.longjobs) so that `core.models` can import it without the queue. A job is
one person's: its reach is its owner alone (a street's administrator does not see the files a secretary made).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from .querysets import ScopedQuerySet
from .reach import Own


class LongJob(models.Model):
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "排队中"), (RUNNING, "生成中"), (DONE, "已完成"), (FAILED, "失败")]

    reach = (Own("user", roles=None),)  # one's own, never anyone else's

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="long_jobs")
    # The role the person acted with when starting it (core.scope.grants): the job sees what the page saw.
    acting_as = models.PositiveIntegerField(null=True, blank=True, editable=False)
    kind = models.CharField("类别", max_length=60)
    label = models.CharField("任务", max_length=200)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField("已完成", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True)
    error = models.CharField("失败原因", max_length=500, blank=True)
    result = models.FileField("文件", max_length=300, blank=True)
    filename = models.CharField("文件名", max_length=200, blank=True)
    created = models.DateTimeField("提交时间", auto_now_add=True)
    started = models.DateTimeField("开始时间", null=True, blank=True)
    finished = models.DateTimeField("结束时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("运行次数", default=0)
    downloaded_at = models.DateTimeField("下载时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="longjob_user_status")]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("job", kwargs={"pk": self.pk})

    @property
    def active(self) -> bool:
        """Still to change: the page keeps asking how far it is."""
        return self.status in (self.QUEUED, self.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
