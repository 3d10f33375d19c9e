"""Whole-page caching for public pages, never stale.

Every cached page is keyed by a *generation* number kept in the shared cache.
Any change to published data (a save or delete of a model below, an import,
load_demo) bumps the generation once the transaction commits, so the next
request from any worker renders afresh; so does every `migrate`, which an
upgrade or a restore runs. Only enabled with a shared cache (REDIS_URL): a
per-process cache could not tell other workers of a change.

A generation starts from the clock, so one begun after Redis lost its keys
(a restart, a flush) is never one a worker's copy was built at. Keys name the
database, so two databases on one Redis never share pages.
"""

import hashlib
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

TIMEOUT = 24 * 3600


def enabled():
    return settings.PAGE_CACHE


def namespace():
    # The database's name only: app servers that reach one database by
    # different host names must still share its generation.
    return f"pagecache:{connection.settings_dict['NAME']}"


def generation_key():
    return f"{namespace()}:generation"


def generation():
    key = generation_key()
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return value


def bump():
    """Invalidate every cached page (after the current transaction commits)."""

    def increment():
        key = generation_key()
        try:
            cache.incr(key)
        except ValueError:  # no generation yet (or Redis lost it): start one
            cache.set(key, time.time_ns(), timeout=None)

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


class LocalPages:
    """This process's copies of recently served pages, so that a hit needs only
    the (tiny) generation from the shared cache, not the page itself. A copy is
    used only when it was built at the current shared generation."""

    def __init__(self, size=256):
        self.size = size
        self.pages = OrderedDict()

    def get(self, key, current):
        stored = self.pages.get(key)
        if stored is None or stored[0] != current:
            return None
        self.pages.move_to_end(key)
        return stored

    def put(self, key, stored):
        self.pages[key] = stored
        self.pages.move_to_end(key)
        while len(self.pages) > self.size:
            self.pages.popitem(last=False)


local_pages = LocalPages()


def cached_page(view):
    """Serve a GET or HEAD page from the cache when page caching is on.

    Every request reads the current generation from the shared cache; the page
    comes from this process's copies, else from the shared cache, else is
    built. Whatever its origin, it is used only if built at that generation.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"{namespace()}:{get_language()}:{digest}"
        current = generation()
        stored = local_pages.get(key, current)
        if stored is None:
            stored = cache.get(key)
            if stored is not None and stored[0] == current:
                local_pages.put(key, stored)
            else:
                stored = None
        if stored is not None:
            _, content_type, body = stored
            return HttpResponse(body, content_type=content_type)
        # `current` was read before the page is built: if the data changes
        # meanwhile, the page is stored under a generation already past.
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            stored = (current, response["Content-Type"], response.content)
            cache.set(key, stored, TIMEOUT)
            local_pages.put(key, stored)
        return response

    return wrapper
