from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvalsiteConfig(AppConfig):
    name = "evalsite"
    verbose_name = "evalsite"

    def ready(self):
        from evalsite.roles import ensure_roles

        # Once per migrate (the test database's too): this app is installed
        # last, so every app's permissions exist by then.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="evalsite.ensure_roles")

        from evalsite import pagecache

        pagecache.connect_signals()
        # A migrate (an upgrade's, a restore's) may change pages without a signal.
        post_migrate.connect(
            pagecache.data_changed, sender=self, dispatch_uid="evalsite.pagecache.migrate"
        )
