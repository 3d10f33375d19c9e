from functools import wraps

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def public(view):
    """A read-only public view: GET and HEAD only (405 otherwise, even without a CSRF token).

    Exempt from CSRF checks because it never changes anything; otherwise a POST
    would be refused with 403 before the method check could say 405.
    """
    return csrf_exempt(require_safe(wraps(view)(view)))
