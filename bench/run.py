"""`make bench`: evalsite at province scale, measured against its own floors in one run.

Builds a small (1,000 institutions) and a large (20,000 institutions) database
of 10 years each on the PostgreSQL server of DATABASE_URL, serves each with
gunicorn as in production (DEBUG off, 2 workers), drives every address with
wrk at a fixed concurrency (in slices: small, large, large, small, repeated),
measures the CSV export against PostgreSQL's COPY and the CSV import against a
plain bulk_create, and writes bench/results.json.

Environment: DATABASE_URL (PostgreSQL, required), REDIS_URL (for the cached
run; default redis://127.0.0.1:6379/14), BENCH_SMALL, BENCH_LARGE, BENCH_YEARS,
BENCH_DURATION (seconds per address and size), BENCH_CONNECTIONS.
"""

import hashlib
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
WORK = ROOT / "bench" / "work"
SMALL = int(os.environ.get("BENCH_SMALL", 1000))
LARGE = int(os.environ.get("BENCH_LARGE", 20000))
YEARS = int(os.environ.get("BENCH_YEARS", 10))
DURATION = int(os.environ.get("BENCH_DURATION", 16))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
WARMUP = min(2, DURATION)
# An address is measured on each server in slices, in the order A B B A,
# repeated: 8 s per server become A B B A A B B A of 2 s each.
ROUNDS = max(1, DURATION // 4)
SLICE = max(1, DURATION // (2 * ROUNDS))
ORDER = (0, 1, 1, 0) * ROUNDS
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "evalsite_bench")
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results.json"))
LAST_YEAR = 2024
SECRET = "bench-" + "k" * 60


def fail(message):
    print(f"make bench: {message}", file=sys.stderr)
    sys.exit(2)


def server_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        fail(
            "needs DATABASE_URL pointing at PostgreSQL (the benchmark creates its own "
            "databases on that server), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres"
        )
    return url.rsplit("/", 1)[0]


def run(args, env, capture=False):
    result = subprocess.run(args, env=env, cwd=ROOT, text=True, capture_output=capture)
    if result.returncode != 0:
        if capture:
            print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        fail(f"step failed: {' '.join(map(str, args))}")
    return result.stdout if capture else ""


def measured(env, *args):
    out = run([PY, "bench/measure.py", *args], env, capture=True)
    line = next(line for line in out.splitlines() if line.startswith("MEASURE_JSON "))
    return json.loads(line.removeprefix("MEASURE_JSON "))


def base_env(database_url, redis_url=None):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EVALSITE_BENCH_FLOOR": "true",
        "DJANGO_LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "false",
    }
    env.pop("REDIS_URL", None)
    env["EVALSITE_PAGE_CACHE"] = "false"
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["EVALSITE_PAGE_CACHE"] = "true"
    return env


def build_database(server, name, institutions):
    admin = f"{server}/postgres"
    subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    env = base_env(f"{server}/{name}")
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.perf_counter()
    run(
        [
            PY,
            "manage.py",
            "seed_scale",
            "--institutions",
            str(institutions),
            "--years",
            str(YEARS),
            "--seed",
            "1",
            "--last-year",
            str(LAST_YEAR),
        ],
        env,
    )
    seconds = time.perf_counter() - started
    session = run([PY, "manage.py", "shell", "-c", REVIEWER_SESSION], env, capture=True)
    return env, seconds, session.strip().splitlines()[-1]


REVIEWER_SESSION = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
user, _ = get_user_model().objects.get_or_create(
    username="bench-reviewer", defaults={"is_staff": True}
)
user.groups.add(Group.objects.get(name="审核员"))
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def checkpoint(server_root):
    """Write out what seeding left in PostgreSQL's buffers before measuring."""
    subprocess.run(["psql", f"{server_root}/postgres", "-q", "-c", "CHECKPOINT"], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                # gunicorn.conf.py restarts a worker every ~2,000 requests (leak
                # insurance); at the floor's rate that is a fresh Django every
                # second, which would measure worker start-up, not requests.
                "--max-requests",
                "0",
                "--access-logfile",
                "/dev/null",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        fail("gunicorn did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk_env(paths=None, cookie=None):
    env = {**os.environ}
    if paths:
        text = "\n".join(paths)
        # one file per list: the two servers' lists differ (and both are in use)
        file = WORK / f"paths-{hashlib.sha256(text.encode()).hexdigest()[:12]}.txt"
        file.write_text(text)
        env["PATHS_FILE"] = str(file)
    if cookie:
        env["BENCH_COOKIE"] = cookie
    return env


def warm_up(server, path, env):
    """Imports, connections, caches: a short run whose figures are dropped."""
    subprocess.run(
        ["wrk", "-t1", "-c2", f"-d{WARMUP}s", "-s", "bench/wrk.lua", server.url(path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
    )


def wrk(server, path, env, seconds):
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            "bench/wrk.lua",
            server.url(path),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"WRK_JSON (\{.*\})", out)
    if not match:
        fail(f"wrk gave no summary for {path}:\n{out}")
    return json.loads(match.group(1))


def combined(path, slices):
    """One address's figures from its measured slices: requests/s over their
    whole time; latency percentiles the mean of the slices'."""
    seconds = sum(one["duration_us"] for one in slices) / 1e6
    requests = sum(one["requests"] for one in slices)

    def mean_ms(field):
        return round(sum(one[field] for one in slices) / len(slices) / 1000, 2)

    return {
        "path": path,
        "rps": round(requests / seconds, 1),
        "p50_ms": mean_ms("p50_us"),
        "p95_ms": mean_ms("p95_us"),
        "p99_ms": mean_ms("p99_us"),
        "errors": sum(one["errors"] for one in slices),
        "requests": requests,
    }


def abba(a, b):
    """Measure two sides, each (server, path, wrk_env), in short slices in the
    order A B B A A B B A, so that a machine getting slower or faster during
    the run (seen here: the floor moving by a fifth from one phase to the
    next, and by a tenth within a minute) weighs on both alike."""
    sides = (a, b)
    for server, path, env in sides:
        warm_up(server, path, env)
    slices = ([], [])
    for side in ORDER:
        server, path, env = sides[side]
        slices[side].append(wrk(server, path, env, SLICE))
    return combined(a[1], slices[0]), combined(b[1], slices[1])


def check_status(server, path, cookie=None):
    request = urllib.request.Request(server.url(path), headers={"Cookie": cookie or ""})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200 or response.url != server.url(path):
            fail(f"{path} answered {response.status} at {response.url}")


def addresses(institutions):
    rng = random.Random(7)
    slugs = [f"/institutions/bench-{rng.randint(1, institutions)}/" for _ in range(500)]
    return {
        "floor": ("/bench/floor", None),
        "awards": (f"/awards/{LAST_YEAR}/", None),
        "awards_region": (f"/awards/{LAST_YEAR}/?region=990100", None),
        "directory": ("/institutions/?q=%E6%A8%A1%E6%8B%9F%E7%AC%AC3%E5%B8%82", None),
        "institution": ("/institutions/bench-1/", slugs),
        "region": ("/regions/990100/", None),
        "api": ("/api/v1/institutions/", None),
        "admin": ("/admin/ratings/rating/", None),
    }


def prepare_size(server_root, label, institutions):
    print(f"== {label}: seeding {institutions} institutions × {YEARS} years", flush=True)
    env, seed_seconds, session = build_database(server_root, f"{DB_PREFIX}_{label}", institutions)
    urls = [path for path, _ in addresses(institutions).values() if not path.startswith("/admin")]
    results = {
        "institutions": institutions,
        "seed_seconds": round(seed_seconds, 1),
        "queries": measured(env, "queries", *urls),
        "pages": {},
    }
    return env, f"sessionid={session}", results


def measure_pages(sizes):
    """Every address on the small and the large database, one address at a
    time, both servers running (an idle one costs nothing)."""
    print("== pages, small and large, in slices A B B A", flush=True)
    servers = [Server(env) for env, _, _ in sizes]
    try:
        for name in addresses(SMALL):
            sides = []
            for server, (_, cookie, size) in zip(servers, sizes, strict=True):
                path, paths = addresses(size["institutions"])[name]
                page_cookie = cookie if name == "admin" else None
                check_status(server, path, page_cookie)
                sides.append((server, path, wrk_env(paths, page_cookie)))
            small, large = abba(*sides)
            sizes[0][2]["pages"][name] = small
            sizes[1][2]["pages"][name] = large
            print(
                f"   {name:15} {small['rps']:8.1f} req/s small  {large['rps']:8.1f} req/s large"
                f"  p50 {large['p50_ms']:7.2f} ms  errors {small['errors'] + large['errors']}",
                flush=True,
            )
    finally:
        for server in servers:
            server.stop()


def measure_cached(env, redis_url):
    print("== large, with the Redis page cache", flush=True)
    server = Server({**env, "REDIS_URL": redis_url, "EVALSITE_PAGE_CACHE": "true"})
    try:
        floor, awards = abba(
            (server, "/bench/floor", wrk_env()), (server, f"/awards/{LAST_YEAR}/", wrk_env())
        )
    finally:
        server.stop()
    results = {"floor": floor, "awards": awards}
    for name, result in results.items():
        print(f"   {name:15} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.2f} ms")
    return results


def fastest(runs):
    """The fastest of several runs of one fixed piece of work (the machine's swings
    only ever slow a run down), with the highest peak memory of any of them."""
    best = min(runs, key=lambda result: result["seconds"])
    return {**best, "peak_mb": max(r["peak_mb"] for r in runs), "runs": len(runs)}


def alternating(a, b, order):
    """Runs of two steps in the given order of "a" and "b": each side's fastest."""
    runs = {"a": [], "b": []}
    for side in order:
        runs[side].append((a if side == "a" else b)())
    return fastest(runs["a"]), fastest(runs["b"])


def measure_export_import(env, institutions):
    print("== large: export and import", flush=True)
    export, copy = alternating(
        lambda: measured(env, "export", str(WORK / "export.csv")),
        lambda: measured(env, "export", str(WORK / "copy.csv"), "--copy"),
        "abbaab",
    )
    rows = min(10000, institutions)
    csv_path = WORK / "import.csv"
    rng = random.Random(3)
    with open(csv_path, "w", encoding="utf-8") as handle:
        handle.write("institution_slug,scheme,year,stars,group\n")
        for n in range(1, rows + 1):
            handle.write(f"bench-{n},{'{scheme}'},2031,{rng.randint(1, 5)},\n")
    schemes = run(
        [
            PY,
            "manage.py",
            "shell",
            "-c",
            "from institutions.models import Institution;"
            "from ratings.models import Rating;"
            f"print('|'.join(Rating.objects.filter(year={LAST_YEAR}, institution__slug__in="
            f"[f'bench-{{n}}' for n in range(1, {rows + 1})]).order_by('institution_id')"
            ".values_list('scheme__name', flat=True)))",
        ],
        env,
        capture=True,
    )
    scheme_names = schemes.strip().splitlines()[-1].split("|")
    lines = csv_path.read_text().splitlines()
    csv_path.write_text(
        "\n".join(
            [lines[0]]
            + [
                line.replace("{scheme}", scheme)
                for line, scheme in zip(lines[1:], scheme_names, strict=True)
            ]
        )
        + "\n"
    )
    cleanup = (
        "from ratings.models import Rating; Rating.history.filter(year=2031).delete();"
        "Rating.objects.filter(year=2031).delete()"
    )

    def step(name):
        def measure():
            result = measured(env, name, str(csv_path))
            run([PY, "manage.py", "shell", "-c", cleanup], env)
            return result

        return measure

    imported, baseline = alternating(step("import"), step("bulk_create"), "abba")
    for name, result in (
        ("export", export),
        ("COPY", copy),
        ("import", imported),
        ("bulk_create", baseline),
    ):
        print(
            f"   {name:15} {result['rows'] / result['seconds']:10.0f} rows/s  "
            f"peak {result['peak_mb']:6.1f} MB"
        )
    return {"export": export, "copy": copy, "import": imported, "bulk_create": baseline}


def read_field(path, prefix, part):
    try:
        with open(path) as handle:
            return next(part(line) for line in handle if line.startswith(prefix))
    except (OSError, StopIteration, ValueError):
        return ""


def machine():
    cpu = read_field("/proc/cpuinfo", "model name", lambda line: line.split(":", 1)[1].strip())
    kb = read_field("/proc/meminfo", "MemTotal", lambda line: int(line.split()[1]))
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": f"{kb / 1024 / 1024:.0f} GB" if kb else "",
        "python": platform.python_version(),
        "postgresql": postgres,
        "system": platform.platform(),
    }


def ratio(a, b):
    return round(a / b, 3) if b else None


def main():
    server_root = server_url()
    if not shutil.which("wrk"):
        fail("needs the load generator wrk: apt-get install wrk")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    WORK.mkdir(parents=True, exist_ok=True)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], base_env(f"{server_root}/postgres"))
    sizes = [
        prepare_size(server_root, "small", SMALL),
        prepare_size(server_root, "large", LARGE),
    ]
    checkpoint(server_root)
    measure_pages(sizes)
    (_, _, small), (env, _, large) = sizes
    cached = measure_cached(env, redis_url)
    data = measure_export_import(env, LARGE)

    s, big = small["pages"], large["pages"]
    floor = big["floor"]["rps"]
    rate = {k: v["rows"] / v["seconds"] for k, v in data.items()}
    ratios = {
        "awards_vs_floor": ratio(big["awards"]["rps"], floor),
        "institution_vs_floor": ratio(big["institution"]["rps"], floor),
        "directory_vs_floor": ratio(big["directory"]["rps"], floor),
        "region_vs_floor": ratio(big["region"]["rps"], floor),
        "api_vs_floor": ratio(big["api"]["rps"], floor),
        "cached_awards_vs_floor": ratio(cached["awards"]["rps"], cached["floor"]["rps"]),
        "awards_large_vs_small": ratio(big["awards"]["rps"], s["awards"]["rps"]),
        "institution_large_vs_small": ratio(big["institution"]["rps"], s["institution"]["rps"]),
        "directory_large_vs_small": ratio(big["directory"]["rps"], s["directory"]["rps"]),
        "admin_large_vs_small": ratio(big["admin"]["p50_ms"], s["admin"]["p50_ms"]),
        "export_vs_copy": ratio(rate["export"], rate["copy"]),
        "import_vs_bulk_create": ratio(rate["import"], rate["bulk_create"]),
    }
    queries_equal = all(
        small["queries"][url]["queries"] == large["queries"][url]["queries"]
        for url in small["queries"]
    )
    results = {
        "ran_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "years": YEARS,
            "duration_s": DURATION,
            "slice_s": SLICE,
            "connections": CONNECTIONS,
            "gunicorn_workers": 2,
            "load_generator": "wrk",
        },
        "ratios": ratios,
        "errors": sum(p["errors"] for p in [*s.values(), *big.values(), *cached.values()]),
        "export_peak_mb": data["export"]["peak_mb"],
        "import_peak_mb": data["import"]["peak_mb"],
        "queries_equal_at_both_sizes": queries_equal,
        "small": small,
        "large": large,
        "cached": cached,
        "export_import": data,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\n== ratios ({RESULTS})")
    for key, value in ratios.items():
        print(f"   {key:28} {value}")
    print(f"   {'errors':28} {results['errors']}")
    print(f"   {'export_peak_mb':28} {results['export_peak_mb']}")
    print(f"   {'import_peak_mb':28} {results['import_peak_mb']}")
    print(f"   {'queries equal at both sizes':28} {queries_equal}")


if __name__ == "__main__":
    main()
