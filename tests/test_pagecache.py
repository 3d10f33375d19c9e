"""Cached public pages are never stale: a change shows on the next request, from any worker."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings

from tests.factories import RatingFactory

REDIS_URL = os.environ.get("EVALSITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


needs_redis = pytest.mark.skipif(not redis_answers(), reason=f"no Redis at {REDIS_URL}")

REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "evalsite",
    }
}


UNREACHABLE_CACHE = {
    "default": {**REDIS_CACHE["default"], "LOCATION": "redis://127.0.0.1:1/0"},
}


@pytest.fixture
def redis_pages():
    from evalsite import pagecache

    with override_settings(CACHES=REDIS_CACHE, PAGE_CACHE=True):
        cache.clear()
        # This process's watcher starts afresh, not waiting to retry after a test
        # that made Redis unreachable.
        pagecache.watcher.close()
        pagecache.watcher.retry_at = 0.0
        pagecache.backoff.until = pagecache.telling_backoff.until = 0.0
        yield
        cache.clear()
    pagecache.unrecorded_change.clear()
    pagecache.own_unrecorded_change.clear()


@needs_redis
def test_a_cached_page_is_served_from_the_cache(client, db, redis_pages, django_assert_num_queries):
    RatingFactory(published=True)
    client.get("/awards/2024/")
    with django_assert_num_queries(0):
        assert client.get("/awards/2024/").status_code == 200


@needs_redis
def test_publishing_in_the_admin_shows_on_the_next_request(
    client, db, redis_pages, reviewer_user, django_capture_on_commit_callbacks
):
    RatingFactory(published=True, institution__name="已公开的学校")
    draft = RatingFactory(institution__name="刚刚发布的学校")
    assert "刚刚发布的学校" not in client.get("/awards/2024/").content.decode()
    client.force_login(reviewer_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/ratings/rating/",
            {"action": "publish_selected", "_selected_action": [str(draft.pk)]},
        )
    client.logout()
    assert "刚刚发布的学校" in client.get("/awards/2024/").content.decode()


@needs_redis
def test_an_import_shows_on_the_next_request(
    client, db, redis_pages, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    rating = RatingFactory(published=True, stars=5, institution__name="星级将改变的学校")
    assert "星级将改变的学校" in client.get("/awards/2024/").content.decode()
    path = tmp_path / "r.csv"
    path.write_text(
        f"institution_slug,scheme,year,stars\n{rating.institution.slug},{rating.scheme.name},2024,4\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_ratings", str(path), stdout=io.StringIO())
    assert "星级将改变的学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_an_institutions_import_shows_on_the_next_request(
    client, db, redis_pages, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    rating = RatingFactory(published=True, stars=5, institution__name="将要改名的学校")
    institution = rating.institution
    assert "将要改名的学校" in client.get("/awards/2024/").content.decode()
    path = tmp_path / "i.csv"
    path.write_text(
        "机构网址名,机构,类型,类别,地区代码\n"
        f"{institution.slug},已经改名的学校,学校,{institution.get_category_display()},"
        f"{institution.region.code}\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_institutions", str(path), stdout=io.StringIO())
    page = client.get("/awards/2024/").content.decode()
    assert "已经改名的学校" in page and "将要改名的学校" not in page


WORKER = """
import django, sys
django.setup()
from django.test import Client
sys.stdout.write(Client().get("/awards/2024/").content.decode())
"""


@needs_redis
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="another process can only see the test database on PostgreSQL",
)
def test_a_change_made_in_one_process_shows_in_another(
    client, transactional_db, redis_pages, reviewer_user
):
    RatingFactory(published=True, institution__name="已公开的学校")
    draft = RatingFactory(institution__name="另一进程应看到的学校")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "evalsite.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "EVALSITE_PAGE_CACHE": "true",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }

    def other_worker():
        result = subprocess.run(
            [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout

    assert "另一进程应看到的学校" not in other_worker()  # and now it is cached there
    client.force_login(reviewer_user)
    client.post(
        "/admin/ratings/rating/",
        {"action": "publish_selected", "_selected_action": [str(draft.pk)]},
    )
    assert "另一进程应看到的学校" in other_worker()


@needs_redis
def test_a_copy_kept_by_a_worker_is_not_served_after_redis_loses_its_keys(client, db, redis_pages):
    from ratings.models import Rating

    rating = RatingFactory(published=True, stars=5, institution__name="重启前的五星学校")
    assert "重启前的五星学校" in client.get("/awards/2024/").content.decode()
    # A change no signal reports, then Redis restarts empty: the new generation
    # must not be the one this process's copy was built at.
    Rating.objects.filter(pk=rating.pk).update(stars=4)
    cache.clear()
    assert "重启前的五星学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_migrate_renews_every_cached_page(
    client, db, redis_pages, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from ratings.models import Rating

    rating = RatingFactory(published=True, stars=5, institution__name="恢复前的五星学校")
    assert "恢复前的五星学校" in client.get("/awards/2024/").content.decode()
    Rating.objects.filter(pk=rating.pk).update(stars=4)  # as a restore or raw SQL would
    with django_capture_on_commit_callbacks(execute=True):
        call_command("migrate", verbosity=0)
    assert "恢复前的五星学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_two_databases_on_one_redis_never_share_pages(client, db, redis_pages, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    RatingFactory(published=True)
    client.get("/awards/2024/")
    monkeypatch.setitem(connection.settings_dict, "NAME", "another_evalsite")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/awards/2024/").status_code == 200
    assert len(queries) > 0  # built from its own database, not taken from the other's pages


@pytest.fixture
def counted_reads(monkeypatch):
    from evalsite import pagecache

    reads = []
    read = pagecache.read_generation

    def counting():
        reads.append(1)
        return read()

    monkeypatch.setattr(pagecache, "read_generation", counting)
    return reads


@needs_redis
def test_a_worker_reads_the_generation_again_only_when_redis_reports_a_change(
    db, redis_pages, counted_reads
):
    import redis

    from evalsite import pagecache

    watcher = pagecache.GenerationWatcher()
    other_worker = redis.Redis.from_url(REDIS_URL)
    key = cache.make_key(pagecache.generation_key())
    try:
        first = watcher.current()  # starts a generation: itself a change, reported
        assert watcher.current() == first
        counted_reads.clear()
        assert watcher.current() == first
        assert watcher.current() == first
        assert counted_reads == []  # these requests asked Redis nothing

        other_worker.incr(key)
        assert watcher.current() == first + 1
        assert len(counted_reads) == 1

        other_worker.flushdb()  # Redis loses its keys
        renewed = watcher.current()
        assert renewed not in (first, first + 1)
        assert len(counted_reads) >= 2

        other_worker.client_kill_filter(_id=watcher.client_id)
        other_worker.incr(key)  # unreported: the connection is gone
        assert watcher.current() == renewed + 1  # the lost connection voids the copy
        other_worker.incr(key)
        assert watcher.current() == renewed + 2  # and a new one reports again
    finally:
        watcher.close()


@needs_redis
def test_without_reports_from_redis_every_request_reads_the_generation(
    db, redis_pages, counted_reads, monkeypatch
):
    import redis

    from evalsite import pagecache

    def refuse(*args):
        raise redis.ResponseError("unknown command 'CLIENT'")

    monkeypatch.setattr(pagecache.GenerationWatcher, "subscribe", refuse)
    watcher = pagecache.GenerationWatcher()
    first = watcher.current()
    redis.Redis.from_url(REDIS_URL).incr(cache.make_key(pagecache.generation_key()))
    assert watcher.current() == first + 1
    assert len(counted_reads) == 2


LONG_RUNNING_WORKER = """
import django, sys
django.setup()
from django.test import Client
client = Client()
for _ in sys.stdin:
    sys.stdout.write(client.get("/awards/2024/").content.decode() + "\\n<<END>>\\n")
    sys.stdout.flush()
"""


@needs_redis
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="another process can only see the test database on PostgreSQL",
)
def test_a_running_worker_shows_a_change_made_elsewhere_on_its_next_request(
    client, transactional_db, redis_pages, reviewer_user
):
    RatingFactory(published=True, institution__name="已公开的学校")
    draft = RatingFactory(institution__name="运行中的进程应看到的学校")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "evalsite.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": REDIS_URL,
        "EVALSITE_PAGE_CACHE": "true",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", LONG_RUNNING_WORKER],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def page():
        worker.stdin.write("\n")
        worker.stdin.flush()
        lines = []
        for line in worker.stdout:
            if line == "<<END>>\n":
                return "".join(lines)
            lines.append(line)
        raise AssertionError("the worker stopped")

    try:
        assert "已公开的学校" in page()
        assert "运行中的进程应看到的学校" not in page()  # now served from its own copy
        client.force_login(reviewer_user)
        client.post(
            "/admin/ratings/rating/",
            {"action": "publish_selected", "_selected_action": [str(draft.pk)]},
        )
        assert "运行中的进程应看到的学校" in page()
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)


@needs_redis
def test_a_worker_reads_the_generation_again_once_its_copy_is_a_second_old(
    db, redis_pages, counted_reads
):
    from evalsite import pagecache

    clock = [1000.0]
    watcher = pagecache.GenerationWatcher()
    watcher.clock = lambda: clock[0]
    try:
        watcher.current()
        watcher.current()  # the report of the generation's start
        counted_reads.clear()
        clock[0] += 0.5
        watcher.current()
        assert counted_reads == []
        clock[0] += 0.6  # even with no report (a connection dropped in silence)
        watcher.current()
        assert len(counted_reads) == 1
    finally:
        watcher.close()


@needs_redis
def test_while_redis_is_unreachable_pages_are_built_on_every_request(client, db, redis_pages):
    from ratings.models import Rating

    rating = RatingFactory(published=True, stars=5, institution__name="缓存宕机时的五星学校")
    with override_settings(CACHES=UNREACHABLE_CACHE):
        page = client.get("/awards/2024/")
        assert page.status_code == 200
        assert "缓存宕机时的五星学校" in page.content.decode()
        Rating.objects.filter(pk=rating.pk).update(stars=4)
        assert "缓存宕机时的五星学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_a_change_redis_could_not_be_told_of_is_told_before_a_cached_page_is_served(
    client, db, redis_pages, django_capture_on_commit_callbacks
):
    rating = RatingFactory(published=True, stars=5, institution__name="断网期间降级的学校")
    assert "断网期间降级的学校" in client.get("/awards/2024/").content.decode()  # cached
    with override_settings(CACHES=UNREACHABLE_CACHE):
        rating.stars = 4
        with django_capture_on_commit_callbacks(execute=True):
            rating.save()  # committed; Redis cannot be told
    # Redis answers again, still holding the page built before the change.
    assert "断网期间降级的学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_a_schemes_page_is_cached_and_shows_a_publication_on_the_next_request(
    client, db, redis_pages, django_assert_num_queries, django_capture_on_commit_callbacks
):
    rating = RatingFactory(published=True, stars=5)
    address = f"/schemes/{rating.scheme_id}/"
    one_rated_one_five_star = '<td class="num">1</td><td class="num">1</td>'
    assert one_rated_one_five_star in client.get(address).content.decode()
    with django_assert_num_queries(0):
        assert one_rated_one_five_star in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        RatingFactory(published=True, stars=5, scheme=rating.scheme)
    assert '<td class="num">2</td><td class="num">2</td>' in client.get(address).content.decode()


@needs_redis
@pytest.mark.parametrize("address", ["/", "/awards/2024/", "/institutions/shown/"])
def test_a_cached_page_carries_the_headers_of_the_page_built(
    client, db, redis_pages, django_assert_num_queries, address
):
    RatingFactory(published=True, institution__slug="shown")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # English, by the switcher's cookie
    headers = ["Content-Type", "Content-Language", "Vary", "Cache-Control"]
    built = client.get(address)
    with django_assert_num_queries(0):
        cached = client.get(address)
    assert [cached[h] for h in headers] == [built[h] for h in headers]
    assert cached["Content-Language"] == "en"
    assert cached["Vary"] == "Accept-Language, Cookie"
    assert cached["Cache-Control"] == "no-cache"


@needs_redis
def test_a_change_made_while_redis_was_restarting_shows_once_it_answers_again(
    client, db, redis_pages
):
    import redis

    from evalsite import pagecache
    from ratings.models import Rating

    rating = RatingFactory(published=True, stars=5, institution__name="重启期间降级的学校")
    assert "重启期间降级的学校" in client.get("/awards/2024/").content.decode()
    assert "重启期间降级的学校" in client.get("/awards/2024/").content.decode()  # cached
    assert pagecache.watcher.connection is not None  # Redis reports changes to this process
    # Redis restarts, reloading its saved keys (the generation too); meanwhile an
    # import run from the command line lowered the stars and could not tell it.
    redis.Redis.from_url(REDIS_URL).client_kill_filter(_id=pagecache.watcher.client_id)
    Rating.objects.filter(pk=rating.pk).update(stars=4)
    assert "重启期间降级的学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_a_change_made_elsewhere_while_this_worker_could_not_reach_redis_shows_afterwards(
    client, db, redis_pages
):
    from evalsite import pagecache
    from ratings.models import Rating

    rating = RatingFactory(published=True, stars=5, institution__name="失联期间降级的学校")
    assert "失联期间降级的学校" in client.get("/awards/2024/").content.decode()  # cached
    with override_settings(CACHES=UNREACHABLE_CACHE):
        assert client.get("/awards/2024/").status_code == 200  # built, Redis unreachable
        # Another worker, as unable to reach Redis, lowers the stars.
        Rating.objects.filter(pk=rating.pk).update(stars=4)
    pagecache.backoff.until = 0.0  # a few seconds later
    # Redis answers again, its generation unchanged.
    assert "失联期间降级的学校" not in client.get("/awards/2024/").content.decode()


@needs_redis
def test_a_change_saved_while_pages_leave_redis_alone_is_told_to_it_at_once(
    client, db, redis_pages, django_capture_on_commit_callbacks
):
    from evalsite import pagecache

    rating = RatingFactory(published=True, stars=5, institution__name="退避期间降级的学校")
    assert "退避期间降级的学校" in client.get("/awards/2024/").content.decode()  # cached
    pagecache.backoff.start()  # Redis failed to answer a page a moment ago, and is back
    rating.stars = 4
    with django_capture_on_commit_callbacks(execute=True):
        rating.save()
    # Another worker, which saw no failure, serves its next page: Redis was told.
    pagecache.unrecorded_change.clear()
    pagecache.own_unrecorded_change.clear()
    pagecache.backoff.until = 0.0
    assert "退避期间降级的学校" not in client.get("/awards/2024/").content.decode()


def database_env():
    """The environment a command needs to run against the test database."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return {"DJANGO_SETTINGS_MODULE": "evalsite.settings", "DATABASE_URL": url}


@needs_redis
def test_a_command_that_could_not_tell_redis_of_its_change_says_what_to_do(
    transactional_db, tmp_path
):
    env = {
        **os.environ,
        **database_env(),
        "REDIS_URL": "redis://127.0.0.1:1/0",  # unreachable
        "EVALSITE_PAGE_CACHE": "true",
    }
    RatingFactory(published=True, stars=5, institution__slug="cmd-school")
    path = tmp_path / "r.csv"
    from ratings.models import Rating

    scheme = Rating.objects.get().scheme.name
    path.write_text(f"institution_slug,scheme,year,stars\ncmd-school,{scheme},2024,4\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_ratings", str(path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert Rating.objects.get().stars == 4
    assert "once Redis answers, run `python manage.py migrate`" in result.stdout


def test_a_worker_that_only_served_pages_while_redis_was_unreachable_exits_quietly(
    transactional_db,
):
    # It changed no data: nothing is owed to Redis, and no one need run migrate.
    env = {**os.environ, **database_env(), "DJANGO_ALLOWED_HOSTS": "testserver"}
    script = "from django.test import Client;print(Client().get('/').status_code)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        env={**env, "REDIS_URL": "redis://127.0.0.1:1/0", "EVALSITE_PAGE_CACHE": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "\n200\n" in result.stdout
    assert "Redis is unreachable; serving pages uncached" in result.stdout
    assert "migrate" not in result.stdout + result.stderr


@pytest.fixture
def silent_redis():
    """A Redis address that accepts connections and never answers (its host hung,
    a firewall dropping its packets)."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


@needs_redis
def test_a_redis_that_does_not_answer_slows_only_the_first_pages(
    client, db, redis_pages, silent_redis
):
    import time

    RatingFactory(published=True, stars=5, institution__name="缓存无响应时的五星学校")
    production_like = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": silent_redis,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    with override_settings(CACHES=production_like):
        started = time.monotonic()
        pages = [client.get("/awards/2024/") for _ in range(5)]
        elapsed = time.monotonic() - started
    assert all("缓存无响应时的五星学校" in page.content.decode() for page in pages)
    assert elapsed < 3.5  # the first waits for Redis; the others are built at once


@needs_redis
def test_a_redis_that_does_not_answer_slows_a_save_of_many_records_once(
    client, db, redis_pages, silent_redis, django_capture_on_commit_callbacks
):
    import time

    production_like = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": silent_redis,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    with override_settings(CACHES=production_like):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            for stars in (3, 4, 5, 5):
                RatingFactory(published=True, stars=stars)
        elapsed = time.monotonic() - started
    assert elapsed < 2.5  # one wait for Redis, not four
