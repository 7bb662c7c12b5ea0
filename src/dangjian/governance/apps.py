from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "dangjian.governance"
    label = "governance"
    verbose_name = "民主治理"

    def ready(self):
        from . import history, nav, pages  # noqa: F401
