from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvalsiteConfig(AppConfig):
    name = "evalsite"
    verbose_name = "evalsite"

    def ready(self):
        from evalsite.roles import ensure_roles

        # After every migrate (including the test database), once all
        # permissions exist.
        post_migrate.connect(ensure_roles, dispatch_uid="evalsite.ensure_roles")

        from evalsite import pagecache

        pagecache.connect_signals()
