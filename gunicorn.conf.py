"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (after collectstatic),
with DJANGO_DEBUG=false.

Environment: WEB_CONCURRENCY (workers, default 2 × cores + 1), GUNICORN_BIND
(default 127.0.0.1:8000; `--bind` on the command line wins), GUNICORN_TIMEOUT,
FORWARDED_ALLOW_IPS (the proxy's addresses, default 127.0.0.1).
"""

import gc
import multiprocessing
import os

# Debug mode is the default for a fresh clone (`make run`); in production it would
# show visitors tracebacks and settings and sign sessions with the development
# key. A deployment that forgot DJANGO_DEBUG=false does not start.
if os.environ.get("DJANGO_DEBUG", "").strip().lower() not in {"false", "0", "no", "off"}:
    raise SystemExit(
        "gunicorn.conf.py serves evalsite in production: set DJANGO_DEBUG=false "
        "(with DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; see the README's Deploying)."
    )

wsgi_app = "evalsite.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so that no leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Trust X-Forwarded-* only from the TLS-terminating proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(L)ss "%(a)s"'


def post_worker_init(worker):
    # What a worker has loaded by now (Django, the apps, their modules) lives as
    # long as the worker. Frozen, it is left out of the garbage collector's
    # passes, which a page that builds a few thousand objects otherwise sets off
    # over and over: about a quarter of the awards page's CPU time.
    gc.freeze()
