from django.core.management.base import BaseCommand, CommandError

from dangjian.core import queue


class Command(BaseCommand):
    help = ("The job queue's worker: runs background tasks and schedules the periodic jobs (reminders, 督办, "
            "snapshots, clean-ups), each once per period however many workers run. --once: run what is due and "
            "what is queued, then exit (tests, or a server where cron starts it).")

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=2, help="threads running tasks (default 2)")
        parser.add_argument("--once", action="store_true", help="run the due periodic jobs, drain the queue, exit")

    def handle(self, *args, workers, once, **options):
        if workers < 1:
            raise CommandError("--workers 至少为 1")
        if once:
            outcomes, drained = queue.run_once()
            for o in outcomes:
                self.stdout.write(f"{o.job.label}（{o.period}）：{o.message}")
            self.stdout.write(f"定时任务 {len(outcomes)} 项，后台任务 {drained} 项")
            failed = [o.job.label for o in outcomes if o.status == "failed"]
            if failed:
                raise CommandError(f"{len(failed)} 项定时任务失败：{'、'.join(failed)}（详情见日志）")
            return
        consumer = queue.consumer(workers)
        self.stdout.write(f"任务队列（{queue.describe()}）已启动：{workers} 个线程，定时任务由本进程调度。Ctrl+C 停止")
        consumer.run()
