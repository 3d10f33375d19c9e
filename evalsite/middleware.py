"""Requests answered before any view: refused (a null character in the address),
or needing no view at all (the health check, a HEAD answer's body)."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

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
