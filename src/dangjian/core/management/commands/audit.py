"""`dangjian audit verify|export|purge`: check the audit chain, take a period out, apply retention."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dangjian.core import trail, trail_export


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


class Command(BaseCommand):
    help = "审计日志：verify 校验完整性（被改动或删除的记录）；export 导出一段时间为 .xlsx；purge 按保存期限清理。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="校验审计链：发现被改动、删除或未封存的记录时以状态码 1 退出")
        export = sub.add_parser("export", help="导出一段时间的审计日志")
        export.add_argument("--from", dest="start", type=_day, help="起始日期 YYYY-MM-DD")
        export.add_argument("--to", dest="end", type=_day, help="截止日期 YYYY-MM-DD（含）")
        export.add_argument("-o", "--output", required=True, help="输出文件 .xlsx")
        sub.add_parser("purge", help="删除超过保存期限（DANGJIAN_AUDIT_RETENTION_DAYS，至少180天）的审计日志")

    def handle(self, *args, action, **options):
        if action == "verify":
            problems = trail.verify(out=self.stdout.write)
            for line in problems:
                self.stderr.write(line)
            if problems:
                raise SystemExit(1)
            self.stdout.write("审计链完整。")
        elif action == "export":
            if not options["output"].endswith(".xlsx"):
                raise CommandError("输出文件须为 .xlsx")
            start, end = options["start"], options["end"]
            events = trail_export.in_period(trail.AuditEvent.objects.all(), start, end)
            title = f"审计日志 {start or '最早'} 至 {end or '现在'}"
            with open(options["output"], "wb") as stream:
                count = trail_export.write(events, stream, title)
            trail.append(trail.Kind.SECURITY, f"命令行导出审计日志{count}条（{start or '最早'}至{end or '现在'}）")
            self.stdout.write(f"已导出 {count} 条审计日志到 {options['output']}")
        else:
            removed = trail.purge()
            self.stdout.write(f"已清理 {removed} 条超过保存期限的审计日志。")
