from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dangjian.reports"
    label = "reports"
    verbose_name = "报告"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
