"""Strict parsing of the environment variables that configure evalsite."""

import os
import re

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_hosts(name, default=()):
    """Host names, comma-separated. An address written instead (https://host/) would
    match no request's Host: every page would be refused with a 400."""
    hosts = env_list(name, default)
    for host in hosts:
        if "/" in host:
            raise ImproperlyConfigured(
                f"{name} holds host names (e.g. pingjia.example.gov.cn), not addresses: {host!r}"
            )
    return hosts


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


# The databases evalsite is built and tested for (psycopg is its only driver).
DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
DATABASE_EXAMPLE = "postgres://user:password@host:5432/evalsite or sqlite:///path/to/db.sqlite3"


def without_password(url):
    """The URL with its password hidden, given as user:password@ or as ?password=."""
    url = re.sub(r"(://[^:/@]*):.*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url, flags=re.IGNORECASE)


def env_database(name, default, **options):
    """The database a URL names (dj-database-url): PostgreSQL or SQLite with a name.

    A mistyped address is an error naming the variable at start-up, not a parser's
    traceback or a missing driver's, and never shows the password."""
    raw = env_str(name) or default
    problem = f"{name} must be {DATABASE_EXAMPLE}, not {without_password(raw)!r}"
    try:
        config = dj_database_url.parse(raw, **options)
    except ValueError:
        raise ImproperlyConfigured(problem) from None
    # PostgreSQL may name the database in a connection service file instead
    # (postgres:///?service=evalsite), as Django allows.
    named = config.get("NAME") or (
        config["ENGINE"] == "django.db.backends.postgresql"
        and config.get("OPTIONS", {}).get("service")
    )
    if config["ENGINE"] not in DATABASE_ENGINES or not named:
        raise ImproperlyConfigured(problem)
    return config


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def env_redis_url(name):
    """A Redis address, or "" for none: one without its scheme (127.0.0.1:6379) would
    let the site start and then fail every cached page."""
    raw = env_str(name)
    if raw and not raw.startswith(REDIS_SCHEMES):
        raise ImproperlyConfigured(
            f"{name} must start with redis://, rediss:// or unix:// "
            f"(e.g. redis://127.0.0.1:6379/0), not {without_password(raw)!r}"
        )
    return raw


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The other names the logging module gives these levels.
LOG_LEVEL_ALIASES = {"WARN": "WARNING", "FATAL": "CRITICAL"}


def env_log_level(name, default):
    value = env_str(name).upper() or default
    value = LOG_LEVEL_ALIASES.get(value, value)
    if value not in LOG_LEVELS:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(LOG_LEVELS)}, not {os.environ[name]!r}"
        )
    return value
