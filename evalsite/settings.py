"""evalsite settings, driven by environment variables (see the README).

The defaults make a fresh clone work: DEBUG on, a SQLite file, local-memory
cache. Production sets DJANGO_DEBUG=false and must then provide a real
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from evalsite.env import (
    env_bool,
    env_database,
    env_hosts,
    env_int,
    env_list,
    env_log_level,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or _DEV_SECRET_KEY
ALLOWED_HOSTS = env_hosts(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is false: set DJANGO_SECRET_KEY to a random string of 50+ characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is false: set DJANGO_ALLOWED_HOSTS (comma-separated host names)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "simple_history",
    "csp",
    "evalsite.apps.LoginAttemptsConfig",  # django-axes
    "institutions",
    "ratings",
    "plans",
    "api",
    # Last: its post_migrate hook (the staff roles) runs after every app's
    # permissions exist.
    "evalsite",
]

MIDDLEWARE = [
    # Before the Host header is checked (evalsite/middleware.py says why).
    "evalsite.middleware.HealthAndHead",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, adding Vary: Cookie (the language may come from its cookie).
    "evalsite.middleware.LocaleMiddleware",
    "evalsite.middleware.RejectNullCharacters",
    # Django's, but a write to a public page's address without its slash is a 405.
    "evalsite.middleware.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "evalsite.urls"
WSGI_APPLICATION = "evalsite.wsgi.application"

TEMPLATES = [
    # Public pages: Jinja2 (evalsite/jinja2.py says why).
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "evalsite.jinja2.environment"},
    },
    # The admin, its forms and the API's browsable pages.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates" / "django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    # psycopg prepares a query once it has run five times on a connection, so
    # PostgreSQL plans the pages' queries once per connection, not once per request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite builds the covering indexes without their INCLUDE columns: they still
    # work, only without what PostgreSQL reads from them alone. Nothing to act on.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    # SQLite ignores select_for_update: two transactions that read and then write (a
    # double-clicked import confirmation) would both read, and the second to write
    # would fail at once with "database is locked" (a 500). Instead a transaction takes
    # the write lock as it begins, and one that finds it taken waits its turn, for up
    # to 25 s (within gunicorn's 30-second timeout). With the write-ahead log, a
    # read under way (a CSV download) does not stop a write from committing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=25, init_command="PRAGMA journal_mode=WAL"
    )

REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis keeps one client per process (Django's own backend
            # builds a new one for every call).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "evalsite",
            # A Redis that does not answer costs a worker's next page a second or
            # two; its pages are then built without the cache for a few seconds
            # before it asks Redis again (evalsite/pagecache.py).
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages are cached only in a cache all workers share (see evalsite/pagecache.py):
# a cache in each process's memory would keep serving a page another process changed.
PAGE_CACHE = env_bool("EVALSITE_PAGE_CACHE", bool(REDIS_URL))
if PAGE_CACHE and not REDIS_URL:
    raise ImproperlyConfigured(
        "EVALSITE_PAGE_CACHE=true needs REDIS_URL: pages are cached only in a cache "
        "every worker shares, so that none serves a page another has changed."
    )
# Route /bench/floor, the benchmark's fixed response (bench/run.py sets it).
BENCH_FLOOR = env_bool("EVALSITE_BENCH_FLOOR", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"one_line_warning": {"()": "evalsite.logs.OneLineWarning"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": env_log_level("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes.apps": {"level": "WARNING"},
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
    },
}

# Behind a TLS-terminating proxy (production).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # /healthz is answered before the redirect (evalsite.middleware.HealthAndHead).
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SIMPLE_HISTORY_REVERT_DISABLED = True

# The read-only JSON API: anyone may read it, from any origin.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "evalsite open data API",
    "DESCRIPTION": "Published star ratings, plans, commitments and targets. Read-only.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "InstitutionKindEnum": "institutions.models.Kind",
        "PlanKindEnum": "plans.models.Plan.Kind",
        "RegionLevelEnum": "institutions.models.Region.Level",
        "CommitmentStatusEnum": "plans.models.Commitment.Status",
    },
}

# The licence the open data is published under (shown on /data/).
DATA_LICENCE_NAME = env_str("EVALSITE_DATA_LICENCE", "CC BY 4.0")
DATA_LICENCE_URL = env_str(
    "EVALSITE_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
)

# Content-Security-Policy: our own files only; no inline or eval'd script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT failures for a
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Every failed login is kept (登录失败记录), also after an unlock or a successful login
# clears the attempts that locked the account out.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The visitor's address behind TRUSTED_PROXY_COUNT proxies (AXES_PROXY_COUNT in
# the environment) that append to X-Forwarded-For (evalsite.http.client_ip).
TRUSTED_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "evalsite.http.client_ip"
