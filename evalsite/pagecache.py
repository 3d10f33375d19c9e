"""Whole-page caching for public pages, never stale.

Every cached page is keyed by a *generation* number kept in the shared cache.
Any change to published data (a save or delete of a model below, an import,
load_demo) bumps the generation once the transaction commits, so the next
request from any worker renders afresh. Only enabled with a shared cache
(REDIS_URL): a per-process cache could not tell other workers of a change.
"""

import hashlib
import zlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "pagecache:generation"
TIMEOUT = 24 * 3600


def enabled():
    return settings.PAGE_CACHE


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump():
    """Invalidate every cached page (after the current transaction commits)."""

    def increment():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)

    transaction.on_commit(increment)


def data_changed(sender, **kwargs):
    bump()


def connect_signals():
    from institutions.models import Authority, Institution, Region, Source
    from plans.models import Commitment, Indicator, Plan, Target
    from ratings.models import AwardEvent, Rating, Scheme

    for model in (
        Region,
        Authority,
        Institution,
        Source,
        Scheme,
        AwardEvent,
        Rating,
        Plan,
        Commitment,
        Indicator,
        Target,
    ):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"pagecache.save.{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"pagecache.del.{model}")


def cached_page(view):
    """Serve a GET or HEAD page from the shared cache when page caching is on.

    One round trip to the cache per hit: the current generation and the stored
    page are fetched together, and the page is used only if it was built at
    the current generation.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"pagecache:{get_language()}:{digest}"
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        if current is None:
            current = generation()
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            _, content_type, body = stored
            return HttpResponse(zlib.decompress(body), content_type=content_type)
        # `current` was read before the page is built: if the data changes
        # meanwhile, the page is stored under a generation already past.
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = zlib.compress(response.content, 1)
            cache.set(key, (current, response["Content-Type"], body), TIMEOUT)
        return response

    return wrapper
