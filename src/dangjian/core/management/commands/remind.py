from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangjian.core import queue


class Command(BaseCommand):
    help = ("The daily jobs now (reminders, 督办, clean-ups), which `dangjian worker` otherwise runs each day at "
            "DANGJIAN_DAILY_JOBS_AT. A job already run for the day is skipped unless --force; one that failed is "
            "run again. Each notification is created once however often they run.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were YYYY-MM-DD (for catching up)")
        parser.add_argument("--force", action="store_true", help="run again what already ran for that day")

    def handle(self, *args, date=None, force=False, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from exc
        outcomes = queue.run_periodic_now(every="daily", today=today, force=force)
        for o in outcomes:
            hint = "，跳过（--force 可再次运行）" if o.status == "skipped" else ""
            self.stdout.write(f"{o.job.label}：{o.message}{hint}")
        self.stdout.write(f"共新建 {sum(o.created for o in outcomes)} 条通知（{today:%Y-%m-%d}）")
        failed = [o.job.label for o in outcomes if o.status == "failed"]
        if failed:
            raise CommandError(f"{len(failed)} 项任务失败：{'、'.join(failed)}（详情见日志）")


def _parse(text: str):
    return date.fromisoformat(text)
