from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "dangjian.care"
    label = "care"
    verbose_name = "民情档案"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
