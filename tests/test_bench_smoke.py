"""The benchmark harness runs end to end at a tiny size (the real run is `make bench`)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RATIOS = {
    "awards_vs_floor", "institution_vs_floor", "directory_vs_floor", "region_vs_floor",
    "api_vs_floor", "cached_awards_vs_floor", "awards_large_vs_small",
    "institution_large_vs_small", "directory_large_vs_small", "export_vs_copy",
    "admin_large_vs_small", "import_vs_bulk_create",
}  # fmt: skip


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url("redis://127.0.0.1:6379/13", socket_connect_timeout=1).ping()
    except Exception:
        return False


def test_the_benchmark_says_plainly_that_it_needs_postgresql():
    env = {**os.environ, "DATABASE_URL": ""}
    result = subprocess.run([sys.executable, "bench/run.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or not shutil.which("wrk")
    or not redis_answers(),
    reason="the benchmark needs PostgreSQL (DATABASE_URL), wrk and Redis",
)
def test_the_benchmark_runs_at_a_tiny_size_and_reports_every_ratio(tmp_path):
    results = tmp_path / "results.json"
    env = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "BENCH_SMALL": "20",
        "BENCH_LARGE": "40",
        "BENCH_YEARS": "2",
        "BENCH_DURATION": "1",
        "BENCH_CONNECTIONS": "2",
        "BENCH_DB_PREFIX": "evalsite_smoke",
        "BENCH_RESULTS": str(results),
    }
    run = subprocess.run([sys.executable, "bench/run.py"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    data = json.loads(results.read_text())
    assert set(data["ratios"]) == RATIOS
    assert all(isinstance(v, float) and v > 0 for v in data["ratios"].values()), data["ratios"]
    assert data["errors"] == 0
    # (at this tiny size a filtered page may be empty and skip its queries)
    assert isinstance(data["queries_equal_at_both_sizes"], bool)
    assert data["export_peak_mb"] > 0 and data["import_peak_mb"] > 0
    assert data["machine"]["cores"] >= 1
