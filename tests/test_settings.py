"""Settings are parsed strictly and refuse an unsafe production start."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from evalsite.env import env_bool, env_list


def test_a_boolean_that_is_not_true_or_false_is_an_error(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="true or false"):
        env_bool("DJANGO_DEBUG", True)


@pytest.mark.parametrize(("raw", "value"), [("true", True), ("False", False), ("", True)])
def test_booleans_accept_true_and_false(monkeypatch, raw, value):
    monkeypatch.setenv("DJANGO_DEBUG", raw)
    assert env_bool("DJANGO_DEBUG", True) is value


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "a.example, b.example,")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["a.example", "b.example"]


def run_settings(env):
    return subprocess.run(
        [sys.executable, "-c", "import evalsite.settings"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both():
    result = run_settings(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "example.org",
        }
    )
    assert result.returncode == 0, result.stderr


def page_cache_setting(env):
    result = subprocess.run(
        [sys.executable, "-c", "import evalsite.settings as s; print(s.PAGE_CACHE)"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def test_pages_are_cached_only_when_the_cache_is_shared():
    assert page_cache_setting({}) == "False"  # local memory: one per process
    assert page_cache_setting({"REDIS_URL": "redis://127.0.0.1:6379/0"}) == "True"


def test_a_page_cache_without_a_shared_cache_is_refused():
    result = subprocess.run(
        [sys.executable, "-c", "import evalsite.settings"],
        env={"PATH": "/usr/bin:/bin", "EVALSITE_PAGE_CACHE": "true"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "EVALSITE_PAGE_CACHE=true needs REDIS_URL" in result.stderr


ROOT_LOG_LEVEL = (
    "import os, logging, django;"
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'evalsite.settings';"
    "django.setup();"
    "print(logging.getLevelName(logging.getLogger().level))"
)


def test_the_log_level_may_be_given_in_lower_case():
    result = subprocess.run(
        [sys.executable, "-c", ROOT_LOG_LEVEL],
        env={"PATH": "/usr/bin:/bin", "DJANGO_LOG_LEVEL": "warning"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WARNING"


@pytest.mark.parametrize(
    "url",
    [
        "postgres//db.example/evalsite",  # the colon forgotten
        "127.0.0.1:5432/evalsite",  # no scheme
        "postgres://evalsite:secret@db.example:port/evalsite",  # a port that is no number
        "mysql://evalsite:secret@db.example/evalsite",  # a database evalsite does not run on
        "postgres://evalsite:secret@db.example:5432/",  # no database name
    ],
)
def test_a_database_url_that_cannot_be_used_is_refused_by_name(url):
    result = run_settings({"DATABASE_URL": url})
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: DATABASE_URL must be")
    assert "postgres://user:password@host:5432/evalsite" in last_line
    assert "secret" not in result.stderr


def test_the_database_urls_the_readme_shows_are_accepted():
    for url in ["postgres://postgres@127.0.0.1:5432/evalsite", "sqlite:///db.sqlite3"]:
        result = run_settings({"DATABASE_URL": url})
        assert result.returncode == 0, result.stderr


def test_a_redis_url_without_its_scheme_is_refused_at_start_up():
    result = run_settings({"REDIS_URL": "127.0.0.1:6379"})
    assert result.returncode != 0
    assert (
        "REDIS_URL must start with redis://, rediss:// or unix:// (e.g. redis://127.0.0.1:6379/0),"
        " not '127.0.0.1:6379'" in result.stderr
    )


@pytest.mark.parametrize(
    ("raw", "level"), [("warn", "WARNING"), ("FATAL", "CRITICAL"), ("", "INFO")]
)
def test_the_log_level_may_be_written_as_logging_spells_it_or_left_empty(raw, level):
    # WARN and FATAL are logging's own names for WARNING and CRITICAL; an empty
    # variable (DJANGO_LOG_LEVEL=${LOG_LEVEL} with none given) is the default
    result = subprocess.run(
        [sys.executable, "-c", ROOT_LOG_LEVEL],
        env={"PATH": "/usr/bin:/bin", "DJANGO_LOG_LEVEL": raw},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == level


def test_a_postgres_url_naming_a_service_instead_of_a_database_is_accepted():
    # libpq's connection service file (pg_service.conf) names the database
    result = run_settings({"DATABASE_URL": "postgres:///?service=evalsite"})
    assert result.returncode == 0, result.stderr


def test_a_refused_database_url_hides_a_password_given_as_a_parameter():
    result = run_settings({"DATABASE_URL": "postgres://db.example/?user=evalsite&password=secret"})
    assert result.returncode != 0
    assert "DATABASE_URL must be" in result.stderr
    assert "secret" not in result.stderr


def test_a_log_level_that_is_no_level_is_refused_by_name():
    result = subprocess.run(
        [sys.executable, "-c", ROOT_LOG_LEVEL],
        env={"PATH": "/usr/bin:/bin", "DJANGO_LOG_LEVEL": "verbose"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR" in result.stderr


def test_allowed_hosts_written_as_addresses_are_refused_at_start_up():
    result = run_settings(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "x" * 60,
            "DJANGO_ALLOWED_HOSTS": "https://pingjia.example.gov.cn/",
        }
    )
    assert result.returncode != 0
    assert (
        "DJANGO_ALLOWED_HOSTS holds host names (e.g. pingjia.example.gov.cn), not addresses: "
        "'https://pingjia.example.gov.cn/'" in result.stderr
    )
