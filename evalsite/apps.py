from axes import apps as axes_apps
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvalsiteConfig(AppConfig):
    default = True  # the app's own, not django-axes' below
    name = "evalsite"
    verbose_name = "evalsite"

    def ready(self):
        from evalsite.roles import ensure_roles

        # Once per migrate (the test database's too): this app is installed
        # last, so every app's permissions exist by then.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="evalsite.ensure_roles")

        from evalsite import history, pagecache

        history.connect_signals()

        pagecache.connect_signals()
        # A migrate (an upgrade's, a restore's) may change pages without a signal.
        post_migrate.connect(
            pagecache.data_changed, sender=self, dispatch_uid="evalsite.pagecache.migrate"
        )


class LoginAttemptsConfig(axes_apps.AppConfig):
    """django-axes (login throttling), under a name the admin can show in Chinese;
    evalsite/catalogue.py lists the rest of its words that the site translates."""

    verbose_name = _("Login throttling")
