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
    evalsite/catalogue.py lists the rest of its words that the site translates.

    Its records name themselves in English with the time in UTC ("Attempted Access:
    2026-12-02 09:55:50+00:00"), in the titles, breadcrumbs and delete confirmations
    of the admin's pages: they are named by who and when, in the site's time zone."""

    verbose_name = _("Login throttling")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.__str__ = login_record_title


def login_record_title(record):
    from django.utils import formats, timezone
    from django.utils.translation import gettext

    return gettext("%(username)s, %(time)s") % {
        "username": record.username or "—",
        "time": formats.localize(timezone.localtime(record.attempt_time)),
    }
