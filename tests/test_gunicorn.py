"""gunicorn.conf.py serves the site in production only."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def check_config(env):
    return subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--check-config"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {"DJANGO_SECRET_KEY": "k" * 60, "DJANGO_ALLOWED_HOSTS": "pingjia.example.gov.cn"}


def test_gunicorn_refuses_to_serve_a_deployment_that_forgot_to_turn_debug_off():
    result = check_config(PRODUCTION)  # DJANGO_DEBUG left out: it defaults to true
    assert result.returncode != 0
    assert "set DJANGO_DEBUG=false" in result.stderr


def test_gunicorn_serves_with_debug_off():
    result = check_config({**PRODUCTION, "DJANGO_DEBUG": "false"})
    assert result.returncode == 0, result.stderr
