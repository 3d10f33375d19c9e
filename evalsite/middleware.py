"""Requests no page can answer, refused before any view sees them."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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
