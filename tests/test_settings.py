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
