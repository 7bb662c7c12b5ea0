from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "dangjian.people"
    label = "people"
    verbose_name = "人员"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
