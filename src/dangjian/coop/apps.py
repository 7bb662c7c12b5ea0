from django.apps import AppConfig


class CoopConfig(AppConfig):
    name = "dangjian.coop"
    label = "coop"
    verbose_name = "区域化党建"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
