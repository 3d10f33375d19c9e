import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from api import dictionary
from evalsite.http import public
from institutions.models import Institution
from plans.models import Plan
from ratings.csvformat import COLUMNS
from ratings.importer import IMPORT_MAX_BYTES
from ratings.models import Rating

logger = logging.getLogger(__name__)


@public
def floor(request):
    """A fixed short response (the benchmark's floor; only routed when EVALSITE_BENCH_FLOOR)."""
    return HttpResponse("ok\n", content_type="text/plain")


@public
@never_cache
def healthz(request):
    """Liveness: 200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # Why, for whoever reads the logs after the load balancer took the server out.
        logger.error("health check: the database did not answer: %s", error)
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@public
def data_dictionary(request):
    """/data/: what the CSV and JSON hold, the licence, and when the data last changed."""
    last_changed = max(
        filter(
            None,
            [
                Rating.objects.published().aggregate(t=Max("updated_at"))["t"],
                Plan.objects.published().aggregate(t=Max("updated_at"))["t"],
                Institution.objects.aggregate(t=Max("updated_at"))["t"],
            ],
        ),
        default=None,
    )
    return render(
        request,
        "data.html",
        {
            "columns": COLUMNS,
            "json_fields": dictionary.fields(),
            "latest_year": Rating.objects.latest_published_year(),
            "last_changed": last_changed,
            "licence_name": settings.DATA_LICENCE_NAME,
            "licence_url": settings.DATA_LICENCE_URL,
            "import_limit_mb": IMPORT_MAX_BYTES // 1_000_000,
        },
    )
