"""The admin of other apps' models, mended.

django-axes' login attempts: its "clean up expired attempts" action failed with a
server error outside a login request (it reads the time of the request's login
attempt; jazzband/django-axes#1424), and its status column had no translatable
name.

Users and groups: Django stores a permission's name in English when migrate
creates it ("Can add rating"), so the permissions a user or a role is given were
listed in English on Chinese pages. They are named in the reader's language. A
user's delete confirmation says how many ratings and plans they published, which
will no longer name who published them.
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from evalsite.admin_mixins import EmptiedKeysNoted


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


# What Django's own permissions let one do, by the action their codename starts with.
DEFAULT_PERMISSIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """A permission as the user and group forms list it, in the reader's language:
    section | model | what it allows."""
    model = permission.content_type.model_class()
    if model is None:  # a model since removed: only its stored name is known
        return f"{permission.content_type} | {permission.name}"
    action, _sep, model_name = permission.codename.partition("_")
    if action in DEFAULT_PERMISSIONS and model_name == model._meta.model_name:
        name = DEFAULT_PERMISSIONS[action] % {"model": model._meta.verbose_name}
    else:
        # A model's own permissions are named by translatable text in its Meta (the
        # name stored is in the language migrate ran in).
        declared = dict(model._meta.permissions)
        name = declared.get(permission.codename) or gettext(permission.name)
    return f"{permission.content_type} | {name}"


class PermissionLabels:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name not in ("permissions", "user_permissions"):
            return super().formfield_for_manytomany(db_field, request=request, **kwargs)
        # Each label names its model: fetch the content types with the permissions.
        # The history tables' own permissions (django-simple-history's "historical"
        # models, named in English) grant nothing the admin shows: left out.
        permissions = kwargs.get("queryset", db_field.remote_field.model.objects)
        kwargs["queryset"] = permissions.select_related("content_type").exclude(
            content_type__model__startswith="historical"
        )
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        field.label_from_instance = permission_label
        return field


class TranslatedUserAdmin(EmptiedKeysNoted, PermissionLabels, UserAdmin):
    pass


class TranslatedGroupAdmin(PermissionLabels, GroupAdmin):
    pass


for model, model_admin in ((User, TranslatedUserAdmin), (Group, TranslatedGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
