"""The README's backup procedure, tried once on a real PostgreSQL database."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[1] / "ops" / "backup-restore-check"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") or not shutil.which("pg_dump"),
    reason="backup check needs PostgreSQL (DATABASE_URL) and pg_dump",
)
def test_pg_dump_and_pg_restore_round_trip_the_database():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    result = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BACKUP CHECK PASSED" in result.stdout
