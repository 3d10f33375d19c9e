"""Whole-page caching for public pages, never stale.

Every cached page is keyed by a *generation* number kept in the shared cache.
Any change to published data (a save or delete of a model below, an import,
load_demo) bumps the generation once the transaction commits, so the next
request from any worker renders afresh. Only enabled with a shared cache
(REDIS_URL): a per-process cache could not tell other workers of a change.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
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
    """Serve a GET or HEAD page from the shared cache when page caching is on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        # The generation is read before the page is built, so a page built
        # from data older than a change can only be stored under an old key.
        key = f"pagecache:{generation()}:{get_language()}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, response, TIMEOUT)
        return response

    return wrapper
