"""Run one step of the benchmark in this process and print its time and peak memory.

python bench/measure.py export OUT_FILE [--copy]
python bench/measure.py import CSV_FILE
python bench/measure.py bulk_create CSV_FILE
python bench/measure.py queries URL...
"""

import csv
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evalsite.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export(out):
    from ratings.models import Rating

    started = time.perf_counter()
    with open(out, "w", encoding="utf-8") as handle:
        call_command("export_ratings", "--drafts", stdout=handle)
    return {"seconds": time.perf_counter() - started, "rows": Rating.objects.count()}


def copy(out):
    """PostgreSQL's own COPY of the export's query: the physical floor."""
    from ratings.csvformat import ROW_FIELDS
    from ratings.models import Rating

    queryset = Rating.objects.order_by("year", "institution__slug", "scheme__name").values_list(
        *ROW_FIELDS
    )
    sql, params = queryset.query.sql_with_params()
    connection.ensure_connection()
    started = time.perf_counter()
    # psycopg binds COPY's parameters client-side, as COPY needs.
    with (
        connection.connection.cursor() as cursor,
        open(out, "wb") as handle,
        cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV HEADER", params) as copy,
    ):
        for data in copy:
            handle.write(data)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": Rating.objects.count()}


def import_csv(path):
    import io

    started = time.perf_counter()
    call_command("import_ratings", path, stdout=io.StringIO())
    return {"seconds": time.perf_counter() - started, "rows": sum(1 for _ in open(path)) - 1}


def bulk_create(path):
    from institutions.models import Institution
    from ratings.models import Rating, Scheme

    started = time.perf_counter()
    with open(path, encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    institutions = Institution.objects.in_bulk(
        [r["institution_slug"] for r in rows], field_name="slug"
    )
    schemes = {s.name: s for s in Scheme.objects.all()}
    ratings = [
        Rating(
            institution=institutions[r["institution_slug"]],
            scheme=schemes[r["scheme"]],
            year=int(r["year"]),
            stars=int(r["stars"]),
            group=r["group"],
        )
        for r in rows
    ]
    with transaction.atomic():
        Rating.objects.bulk_create(ratings, batch_size=1000)
    return {"seconds": time.perf_counter() - started, "rows": len(ratings)}


def queries(urls):
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        counts[url] = {"status": status, "queries": len(captured)}
    return counts


if __name__ == "__main__":
    step, args = sys.argv[1], sys.argv[2:]
    if step == "export":
        result = copy(args[0]) if "--copy" in args else export(args[0])
    elif step == "import":
        result = import_csv(args[0])
    elif step == "bulk_create":
        result = bulk_create(args[0])
    elif step == "queries":
        result = queries(args)
    else:
        raise SystemExit(f"unknown step {step}")
    if isinstance(result, dict) and "seconds" in result:
        result["peak_mb"] = round(peak_mb(), 1)
    print("MEASURE_JSON " + json.dumps(result))
