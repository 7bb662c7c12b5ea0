from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "dangjian.members"
    label = "members"
    verbose_name = "党员"

    def ready(self):
        from . import history, nav, pages, parts  # noqa: F401

        for name in ("history", "nav", "pages"):
            parts.load(name)
