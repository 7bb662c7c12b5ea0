from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dangjian.core import twofactor


class Command(BaseCommand):
    help = ("Remove an account's authenticator and recovery codes (a lost phone; the last operator's too, whom no "
            "one else can reset in the admin site): it binds a new one at its next sign-in.")

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有账号“{username}”。")
        if twofactor.reset(user):
            self.stdout.write(f"已重置账号 {username} 的双因素认证：下次登录时重新绑定手机验证器。")
        else:
            self.stdout.write(f"账号 {username} 未启用双因素认证，无需重置。")
