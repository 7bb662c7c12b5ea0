from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "dangjian.assessment"
    label = "assessment"
    verbose_name = "考核"

    def ready(self):
        from . import history, metrics, nav, pages  # noqa: F401
