from django.http import Http404
from rest_framework.exceptions import NotFound
from rest_framework.views import exception_handler


def handler(exc, context):
    """DRF's handler, except that a missing object is "Not found." in the visitor's
    language: the message of Django's Http404 names the model, in English."""
    if isinstance(exc, Http404):
        exc = NotFound()
    return exception_handler(exc, context)
