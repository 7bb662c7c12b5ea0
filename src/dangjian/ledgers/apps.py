from django.apps import AppConfig


class LedgersConfig(AppConfig):
    name = "dangjian.ledgers"
    label = "ledgers"
    verbose_name = "三张清单"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
