from django.core.management.base import BaseCommand, CommandError

from dangjian.core import seeding


class Command(BaseCommand):
    help = "Load demo or scale data (tiny, demo, street, district; city on PostgreSQL). Does nothing if data exists."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(seeding.SCALES), default="demo")
        parser.add_argument("--seed", type=int, default=2020, help="random seed (same seed, same data)")

    def handle(self, *args, scale, seed, **options):
        problem = seeding.refusal(scale)
        if problem:
            raise CommandError(problem)
        if seeding.already_seeded():
            self.stdout.write("已有组织数据，未重复生成。（清空数据库后可重新生成）")
            return
        try:
            ctx = seeding.run(scale, out=self.stdout.write, seed=seed)
        except Exception as exc:  # pragma: no cover - surfaced to the operator as is
            raise CommandError(f"生成数据失败：{exc}") from exc
        print_accounts(self.stdout.write, ctx.accounts)


def print_accounts(out, accounts):
    if not accounts:
        return
    out(f"\n演示账号（密码均为 {seeding.DEMO_PASSWORD}）：")
    for username, role, where in accounts:
        out(f"  {username:<12} {role:<10} {where}")
