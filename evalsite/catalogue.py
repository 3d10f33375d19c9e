"""Words of other packages that the site's own catalogue (locale/) translates, listed
so that `makemessages` keeps them: django-axes comes without Chinese, Django's
Chinese for one message says the opposite of what it means, and a few of its
admin's words have none. The site's catalogue comes first (LOCALE_PATHS), so its
translations are the ones shown."""

from django.utils.translation import gettext_noop, ngettext_lazy

STRINGS = [
    # django-axes: its admin pages and models
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # Django's Chinese reads "empty strings are not allowed" (不允许是用空字符串).
    gettext_noop("Null characters are not allowed."),
    # Django's admin: words its Chinese catalogue lacks (the user form, and the index's
    # column headers that screen readers read).
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    # Django's: a key that names no object (a forged form), and the password rule
    # whose words Django 5.2 changed (its Chinese has only the old ones).
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
]
