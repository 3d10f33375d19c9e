from functools import wraps

from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = ["GET", "HEAD"]


def public(view):
    """A read-only public view: GET and HEAD only (405 otherwise, even without a CSRF token).

    Exempt from CSRF checks because it never changes anything; otherwise a POST
    would be refused with 403 before the method check could say 405.
    """

    @wraps(view)
    def read_only(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return method_not_allowed()
        return view(request, *args, **kwargs)

    return csrf_exempt(read_only)


def method_not_allowed():
    """405, saying why in the visitor's language."""
    return HttpResponseNotAllowed(
        SAFE_METHODS,
        _("This address can only be read (GET or HEAD): the public site changes nothing.") + "\n",
        content_type="text/plain; charset=utf-8",
    )
