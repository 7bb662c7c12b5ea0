import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from dangjian.core import queue, seeding
from dangjian.core.management.commands.seed import print_accounts


class Command(BaseCommand):
    help = "One-step demo: create the data dir, migrate, seed the demo street once, and serve."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="set up only, do not start the server")

    def handle(self, *args, port, host, no_serve, **options):
        self.stdout.write(f"数据目录：{settings.DATA_DIR}")
        if not os.environ.get("DANGJIAN_2FA"):
            # The demo accounts have no phone bound: a demo asks for no code unless told to (core/twofactor.py).
            settings.TWO_FACTOR = "off"
            self.stdout.write("演示环境未启用双因素认证（设置 DANGJIAN_2FA=required 可启用）。")
        call_command("migrate", interactive=False, verbosity=0)
        if seeding.already_seeded():
            self.stdout.write("演示数据已存在，保留现有数据。")
            accounts = _existing_accounts()
        else:
            self.stdout.write("正在生成演示街道数据……")
            accounts = seeding.run("demo", out=self.stdout.write).accounts
        print_accounts(self.stdout.write, accounts)
        if no_serve:
            return
        if not queue.is_immediate():  # the reminders, 督办 and snapshot updates with no second process
            queue.start_in_thread()
            self.stdout.write(f"后台任务队列已在本进程启动（{queue.describe()}）。")
        self.stdout.write(f"\n访问 http://{host}:{port}/ （Ctrl+C 停止）")
        call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)


def _existing_accounts():
    from django.contrib.auth import get_user_model

    from dangjian.orgs.models import RoleAssignment

    names = ["district", "street", "cadre", "secretary_a", "secretary_b", "branch", "grid", "member", "volunteer",
             "resident"]
    rows = []
    for a in RoleAssignment.objects.filter(user__username__in=names).select_related("user", "organization"):
        rows.append((a.user.username, a.get_role_display(), a.organization.name))
    rows.sort(key=lambda r: names.index(r[0]))
    from dangjian.core.duties import Duty
    from dangjian.orgs.seed import DUTY_ACCOUNTS, SUPERUSER_LABEL

    if get_user_model().objects.filter(username="admin", is_superuser=True).exists():
        rows.append(("admin", SUPERUSER_LABEL, "全部"))
    present = set(get_user_model().objects.filter(username__in=[u for u, _, _ in DUTY_ACCOUNTS])
                  .values_list("username", flat=True))
    rows.extend((u, f"{Duty(d).label}（三员）", "管理后台") for u, d, _ in DUTY_ACCOUNTS if u in present)
    return rows
