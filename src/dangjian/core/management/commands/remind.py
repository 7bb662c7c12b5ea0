from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dangjian.core import daily


class Command(BaseCommand):
    help = ("Daily reminders (birthdays, meetings owed, absences, overdue items). Safe to run more than once a "
            "day: each notification is created once. Cron: `5 7 * * * dangjian remind`.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were YYYY-MM-DD (for catching up)")

    def handle(self, *args, date=None, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from exc
        # Claims the day too, so the first request of the day does not run the jobs again (core.daily).
        total = daily.run(today, daily.claim(today), out=self.stdout.write)
        self.stdout.write(f"共新建 {total} 条通知（{today:%Y-%m-%d}）")


def _parse(text: str):
    return date.fromisoformat(text)
