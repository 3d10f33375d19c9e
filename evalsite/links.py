"""Addresses of single objects, built from a pattern reversed once.

Listing pages link every row to its institution, region and scheme; Django's
reverse() searches the URL patterns for each of those links. object_url()
reverses a route once per process (and script prefix), then fills in the
argument the same way reverse() quotes it.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS

# Matches the int, slug and str path converters, so reverse() accepts it.
PLACEHOLDER = "9876543210"
SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted


@lru_cache(maxsize=64)
def route_parts(name, script_prefix, urlconf):
    head, tail = reverse(name, urlconf=urlconf, args=[PLACEHOLDER]).split(PLACEHOLDER)
    return head, tail


def object_url(name, arg):
    """reverse(name, args=[arg]) for a route with one argument."""
    return url_maker(name)(arg)


def url_maker(name):
    """A function arg -> reverse(name, args=[arg]), for one page's many links."""
    head, tail = route_parts(name, get_script_prefix(), get_urlconf())
    return lambda arg: f"{head}{quote(str(arg), safe=SAFE)}{tail}"
