"""django-axes' login attempts in the admin, mended: its "clean up expired attempts"
action failed with a server error outside a login request (it reads the time of
the request's login attempt; jazzband/django-axes#1424), and its status column
had no translatable name."""

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()  # what axes' login handling sets
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d expired login attempt cleared.",
                "%(count)d expired login attempts cleared.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)


if settings.AXES_ENABLE_ADMIN and admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
