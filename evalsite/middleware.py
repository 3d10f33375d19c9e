"""Requests answered before any view: refused (a null character in the address, a
write to a public page's address without its slash), or needing no view at all
(the health check, a HEAD answer's body); and the language's Vary header."""

from django.http import JsonResponse
from django.middleware import common, locale
from django.shortcuts import render
from django.urls import is_valid_path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from evalsite.http import SAFE_METHODS, method_not_allowed
from evalsite.views import healthz


def has_null_character(request):
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    )


class RejectNullCharacters:
    """400 for an address holding a null character (%00).

    No page has one and no value may contain one: PostgreSQL refuses such text
    outright, so a look-up would fail rather than find nothing. After
    LocaleMiddleware, so the answer is in the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_null_character(request):
            message = _("The address contains a null character (%00), which no page accepts.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


class HealthAndHead:
    """First in the chain: answers /healthz, and sends HEAD answers without a body.

    /healthz is answered before the Host header is checked or plain HTTP is
    redirected: a load balancer probes the app server's own address, which need
    not be among DJANGO_ALLOWED_HOSTS, and a refused probe would log an error
    every few seconds. A HEAD answer keeps the headers of the GET it stands for
    (Content-Length included) and drops its body, which a server must not send.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = healthz(request) if request.path == "/healthz" else self.get_response(request)
        if request.method == "HEAD" and not response.streaming and response.content:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


class CommonMiddleware(common.CommonMiddleware):
    """Django's CommonMiddleware (APPEND_SLASH: /awards/2024 → /awards/2024/), except
    that a write to a public page's address without its slash is a 405, as the page
    answers it, in debug as in production. Django would redirect it with 301 (a
    write the client then repeats as a read), or, in debug, raise a RuntimeError: a
    500."""

    def process_response(self, request, response):
        if response.status_code == 404 and self.is_write_to_public_page(request):
            return method_not_allowed()
        return super().process_response(request, response)

    def is_write_to_public_page(self, request):
        if request.method in SAFE_METHODS or not self.should_redirect_with_slash(request):
            return False
        match = is_valid_path(f"{request.path_info}/", getattr(request, "urlconf", None))
        return getattr(match.func, "public", False)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, with `Vary: Cookie` beside its `Vary: Accept-Language`: the language
    comes from the language switcher's cookie before the browser's header, so a
    shared cache must not give the page one visitor's cookie chose to another."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ["Cookie"])
        return response
