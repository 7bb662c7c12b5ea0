"""Import a named module (seed, reminders…) from every project app that has one."""

from importlib import import_module

from django.apps import apps


def import_app_modules(name: str) -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("dangjian."):
            continue
        try:
            import_module(f"{config.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{name}":
                raise
