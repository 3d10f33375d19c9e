"""Whole-page caching for public pages, never stale.

Every cached page is keyed by a *generation* number kept in the shared cache.
Any change to published data (a save or delete of a model below, an import,
load_demo) bumps the generation once the transaction commits, so the next
request from any worker renders afresh; so does every `migrate`, which an
upgrade or a restore runs. Only enabled with a shared cache (REDIS_URL): a
per-process cache could not tell other workers of a change.

A generation starts from the clock, so one begun after Redis lost its keys
(a restart, a flush) is never one a worker's copy was built at. Keys name the
database, so two databases on one Redis never share pages. A worker keeps its
own copy of the generation, which Redis voids by reporting every change to it
(GenerationWatcher), so a cached page costs no round trip to Redis.

While Redis cannot be reached, pages are built on every request. Once it
answers again, the first process to notice renews every page before serving a
cached one: a change made meanwhile, anywhere (another worker, an import run
from the command line), may not have reached Redis, which may have kept the
generation the pages were built at (a restart that reloads its saved keys, a
network outage).
"""

import atexit
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language
from django_redis.exceptions import ConnectionInterrupted
from redis import ConnectionPool, RedisError

TIMEOUT = 24 * 3600
# What an unreachable cache raises: Django's Redis backend passes redis-py's
# errors on, django-redis wraps them.
CACHE_ERRORS = (RedisError, ConnectionInterrupted, OSError)

logger = logging.getLogger(__name__)


def enabled():
    return settings.PAGE_CACHE


def namespace():
    # The database's name only: app servers that reach one database by
    # different host names must still share its generation.
    return f"pagecache:{connection.settings_dict['NAME']}"


def generation_key():
    return f"{namespace()}:generation"


def read_generation():
    key = generation_key()
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key)
    return value


def generation():
    """The current generation: from this process's copy while Redis has reported
    no change to it, else read from the shared cache."""
    return watcher.current()


def increment():
    key = generation_key()
    try:
        cache.incr(key)
    except ValueError:  # no generation yet (or Redis lost it): start one
        cache.set(key, time.time_ns(), timeout=None)
    # Redis reports the change to every process, this one included; this
    # process need not wait for its own report.
    watcher.forget()


# A change Redis may not have been told of: this process's own, made while Redis
# was unreachable, or anyone's, while this process could not reach Redis or lost
# the connection on which Redis reports changes. This process serves no cached
# page until it has renewed them all.
unrecorded_change = threading.Event()
# This process's own change among them: one it made while Redis was unreachable.
own_unrecorded_change = threading.Event()


def bump():
    """Invalidate every cached page (after the current transaction commits)."""
    transaction.on_commit(record_change)


def record_change():
    """Tell Redis of a committed change. It is asked even while pages leave it alone
    (a page found it unreachable: Backoff): a change it is not told of now is told
    only when this process next serves a page or exits, and meanwhile other
    processes would serve stale pages. Only after telling it failed are the next
    changes (the rest of a transaction's records) not told for a few seconds, so
    that a Redis that does not answer costs a save one timeout, not one a record."""
    if not telling_backoff.active():
        try:
            increment()
            return
        except CACHE_ERRORS:
            telling_backoff.start()
            backoff.start()
    own_unrecorded_change.set()
    unrecorded_change.set()
    warn("page cache: Redis could not be told of a data change; telling it later")


def record_unrecorded_change():
    """Renew every cached page if a change may have been missed; True if it did."""
    if not unrecorded_change.is_set():
        return False
    unrecorded_change.clear()
    try:
        increment()
    except CACHE_ERRORS:
        unrecorded_change.set()
        raise
    own_unrecorded_change.clear()
    return True


@atexit.register
def record_before_exit():
    """A command (an import, load_demo) that changed data while Redis was unreachable
    will not serve a page that could tell Redis later: it tries once more, else says
    what to do. A process that changed nothing (a worker that only found Redis
    unreachable) owes Redis nothing: the next to serve a page renews them."""
    if not own_unrecorded_change.is_set() or not enabled():
        return
    try:
        record_unrecorded_change()
    except CACHE_ERRORS:
        logger.error(
            "page cache: Redis could not be told of a data change, and cached pages may "
            "not show it: once Redis answers, run `python manage.py migrate`, which "
            "renews every cached page"
        )


class Backoff:
    """After Redis failed to answer, this process leaves it alone for a few seconds.

    A Redis that does not answer at all (its host gone, a firewall dropping
    packets) costs each call its full timeout: asked on every request, it would
    add one to two seconds to every page and leave a few workers serving a few
    pages a second. Meanwhile pages are built without the cache."""

    SECONDS = 5.0
    clock = staticmethod(time.monotonic)

    def __init__(self):
        self.until = 0.0

    def active(self):
        return self.clock() < self.until

    def start(self):
        self.until = self.clock() + self.SECONDS


backoff = Backoff()  # pages
telling_backoff = Backoff()  # changes: see record_change


def unreachable():
    """A page found Redis unreachable: pages are built without it for a while, and
    renewed once it answers (a change may have been missed meanwhile)."""
    unrecorded_change.set()
    backoff.start()
    warn("page cache: Redis is unreachable; serving pages uncached")


last_warned = {}


def warn(message, every=60):
    """Log a warning at most once a minute: when Redis is down, every request
    would otherwise say so."""
    now = time.monotonic()
    if now - last_warned.get(message, -every) >= every:
        last_warned[message] = now
        logger.warning(message)


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


class GenerationWatcher:
    """This process's copy of the generation, kept current by Redis itself.

    One connection per process asks Redis to report every change to the
    generation's key (client tracking in broadcast mode, redirected to the same
    connection's subscription to the invalidation channel). A request then only
    looks, without waiting, for a report on that connection: any report (a
    change, a flush, an eviction) or a lost connection drops the copy, and the
    generation is read afresh. Redis sends the report as it makes the change,
    before the writer hears back, so the request after an edit, in any worker,
    reads the new generation. The copy is read afresh at least once a second
    all the same. Where the cache is not Redis, or the connection cannot be
    made, every request reads the generation.
    """

    CHANNEL = "__redis__:invalidate"
    RETRY_SECONDS = 10
    # A copy is also read afresh once it is this old: a connection that a
    # firewall dropped without a word would otherwise never report again.
    MAX_AGE_SECONDS = 1.0
    clock = staticmethod(time.monotonic)

    def __init__(self):
        self.lock = threading.Lock()
        self.connection = None
        self.client_id = None  # the connection's, as Redis names it
        self.watched = None  # (pid, Redis address, key) the connection reports on
        self.value = None
        self.read_at = 0.0
        self.retry_at = 0.0

    def current(self):
        watched = self.target()
        if watched is None:
            return read_generation()
        with self.lock:
            if watched != self.watched and self.clock() < self.retry_at:
                return read_generation()
            try:
                if watched != self.watched:
                    self.close()
                    self.connection, self.client_id = self.subscribe(*watched[1:])
                    self.watched = watched
                while self.connection.can_read(0):
                    self.connection.read_response()  # a report: the copy is void
                    self.value = None
            except (RedisError, OSError):
                if self.connection is not None:
                    # The connection was lost (Redis restarted, the network
                    # failed): a change made meanwhile by a process that could
                    # not reach Redis was reported to nobody.
                    unrecorded_change.set()
                # Redis went away, or refuses tracking: read every time, and
                # try again to subscribe in a while.
                self.close()
                self.retry_at = self.clock() + self.RETRY_SECONDS
                return read_generation()
            # Reports were read before the generation is: a change made after
            # this read is reported, and voids the copy, on a later request.
            now = self.clock()
            if self.value is None or now - self.read_at > self.MAX_AGE_SECONDS:
                self.value = read_generation()
                self.read_at = now
            return self.value

    def forget(self):
        with self.lock:
            self.value = None

    def target(self):
        location = settings.CACHES["default"].get("LOCATION") or ""
        if not isinstance(location, str):
            location = location[0] if location else ""
        # The first server of a list is the one written to.
        location = location.split(",")[0].strip()
        if not location.startswith(("redis://", "rediss://", "unix://")):
            return None
        return (os.getpid(), location, str(cache.make_key(generation_key())))

    @classmethod
    def subscribe(cls, location, key):
        connection = ConnectionPool.from_url(
            location, protocol=2, socket_timeout=1, socket_connect_timeout=1, socket_keepalive=True
        ).make_connection()
        connection.connect()
        connection.send_command("CLIENT", "ID")
        client_id = connection.read_response()
        connection.send_command(
            "CLIENT", "TRACKING", "ON", "REDIRECT", client_id, "BCAST", "PREFIX", key
        )
        connection.read_response()
        connection.send_command("SUBSCRIBE", cls.CHANNEL)
        connection.read_response()
        return connection, client_id

    def close(self):
        if self.connection is not None:
            self.connection.disconnect()  # closes only this process's end after a fork
            self.connection = None
        self.watched = None
        self.value = None


watcher = GenerationWatcher()


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

    Every request takes the current generation (see GenerationWatcher); the
    page comes from this process's copies, else from the shared cache, else is
    built. Whatever its origin, it is used only if built at that generation.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled() or request.method not in ("GET", "HEAD") or backoff.active():
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"{namespace()}:{get_language()}:{digest}"
        try:
            current = generation()
            if record_unrecorded_change():
                current = generation()
            stored = local_pages.get(key, current)
            if stored is None:
                stored = cache.get(key)
                if stored is not None and stored[0] == current:
                    local_pages.put(key, stored)
                else:
                    stored = None
        except CACHE_ERRORS:
            # The cache speeds pages up; without it they are built every time.
            unreachable()
            return view(request, *args, **kwargs)
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
            try:
                cache.set(key, stored, TIMEOUT)
            except CACHE_ERRORS:
                unreachable()
            else:
                local_pages.put(key, stored)
        return response

    return wrapper
