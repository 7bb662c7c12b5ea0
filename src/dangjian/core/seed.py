"""Core's demo data: long jobs (below) and the channels' robots and deliveries (core/channels/seed.py).

The community secretary of the demo (secretary_a) has a finished export waiting in the to-do list and a failed
PDF to retry, so the job pages have something to show (and the matrices something to open)."""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from .channels import seed as _channels_seed  # noqa: F401  (core/channels/seed.py: robots and deliveries)
from .longjob_model import LongJob
from .longjobs import SEALED, seal
from .seeding import seeder


@seeder(200)
def seed_long_jobs(ctx):
    if not ctx.first:
        return
    user = get_user_model().objects.filter(username="secretary_a").first()
    if user is None:
        return
    from .io.xlsx import build_workbook

    community = ctx.data["communities"][0]
    buf = BytesIO()
    build_workbook("组织名册", ["组织", "编码"], [(community.name, community.pk)]).save(buf)
    now = timezone.now()
    done = LongJob(user=user, kind="download", label="生成下载文件：组织名册", status=LongJob.DONE, done=1, total=1,
                   step="已完成", filename="组织名册.xlsx", started=now, finished=now, attempts=1,
                   params={"path": "/orgs/", "query": "format=xlsx", "method": "GET", "rows": 1, "title": "组织名册"})
    done.save()
    storage = LongJob._meta.get_field("result").storage
    done.result.name = storage.save(f"jobs/{done.pk}/demo{SEALED}", ContentFile(seal(done.pk, buf.getvalue())))
    done.save(update_fields=["result"])
    failed = LongJob(user=user, kind="download", label="生成下载文件：年度报告 PDF", status=LongJob.FAILED,
                     step="转换为 PDF", error="生成失败：未安装 LibreOffice，无法生成 PDF。", started=now, finished=now,
                     attempts=1, params={"path": "/reports/annual/", "query": f"within={community.pk}&format=pdf",
                                         "method": "GET", "rows": 0, "title": "年度报告 PDF"})
    failed.save()
    ctx.out("演示后台任务：2 个（一个待下载，一个失败可重试）")
