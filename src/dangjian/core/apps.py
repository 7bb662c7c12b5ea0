from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dangjian.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self):
        from . import accounts, duties, schema, trail  # noqa: F401 (schema: drf-spectacular's field extension)

        accounts.install()
        trail.install()
        duties.install()
        from . import password_policy, twofactor

        password_policy.install()  # every password change: its age, its hash, who set it
        twofactor.install()  # a removed authenticator in the history; the reset action in the admin
        from . import snapshots

        snapshots.connect()  # every change to a record marks the stored figures above it stale
        from . import snapshot_jobs  # noqa: F401 (their refresh and clean-up on the job queue)
        from .channels import nav, pages, seed  # noqa: F401 (notification channels: menu, page matrix, demo data)
