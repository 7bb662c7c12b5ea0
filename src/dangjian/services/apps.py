from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "dangjian.services"
    label = "services"
    verbose_name = "志愿与便民服务"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
