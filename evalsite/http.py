from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = ["GET", "HEAD"]


def public(view):
    """A read-only public view: GET and HEAD only (405 otherwise, even without a CSRF token).

    Exempt from CSRF checks because it never changes anything; otherwise a POST
    would be refused with 403 before the method check could say 405. Marked
    `public`, so that a write to its address without the slash is refused alike
    (evalsite.middleware.CommonMiddleware). Its answers say how they may be
    cached (public_cache_control), cached pages' too: this wraps the page cache.
    """

    @wraps(view)
    def read_only(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return method_not_allowed()
        return public_cache_control(view(request, *args, **kwargs))

    read_only.public = True
    return csrf_exempt(read_only)


def public_cache_control(response):
    """`Cache-Control: no-cache` on a public answer (page, CSV, JSON) that does not say
    otherwise: a browser or a proxy may keep it, but asks the app again before each
    reuse, as published data may change at any moment (the app's own page cache
    answers a repeat cheaply). Which language it is in, Vary says
    (evalsite.middleware.LocaleMiddleware)."""
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, no_cache=True)
    return response


def method_not_allowed():
    """405, saying why in the visitor's language."""
    return HttpResponseNotAllowed(
        SAFE_METHODS,
        _("This address can only be read (GET or HEAD): the public site changes nothing.") + "\n",
        content_type="text/plain; charset=utf-8",
    )


def client_ip(request):
    """The visitor's address behind `settings.TRUSTED_PROXY_COUNT` proxies (django-axes'
    AXES_CLIENT_IP_CALLABLE).

    Each proxy appends the address it was reached from to X-Forwarded-For, so
    with N proxies the visitor is the N-th entry from the right: whatever a
    visitor writes into the header themselves stays to the left of it. With no
    proxies, or fewer entries than proxies (a request that bypassed them), it is
    the address the connection came from."""
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR")
    if count < 1:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return remote
    return entries[-count]
