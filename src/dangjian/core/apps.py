from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangjian.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        from . import accounts

        accounts.install()
