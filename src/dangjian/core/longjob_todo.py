"""The to-do list's items for long jobs: files ready and not yet downloaded, and jobs that failed."""

from django.urls import reverse

from .longjobs import todo_downloads, todo_failures
from .todo import todo


@todo("job_downloads", "待下载的文件", order=1, hint="后台生成的文件已完成，点击即可下载。",
      columns=(("文件", "filename"), ("完成时间", "finished")),
      link=lambda job: reverse("job_download", kwargs={"pk": job.pk}))
def downloads(user):
    return todo_downloads(user)


@todo("job_failures", "生成失败的后台任务", order=2, hint="打开任务查看失败原因，可以重试。",
      columns=(("原因", "error"), ("时间", "finished")))
def failures(user):
    return todo_failures(user)
