from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "dangjian.orgs"
    label = "orgs"
    verbose_name = "组织"

    def ready(self):
        from dangjian.core.scope import provide_grants

        from . import history, nav, pages  # noqa: F401
        from .grants import load_grants

        provide_grants(load_grants)
