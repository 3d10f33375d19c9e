import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Max, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from api import dictionary
from evalsite.http import public
from institutions.models import Authority, Institution
from plans.models import Plan
from ratings.csvformat import COLUMNS
from ratings.importer import IMPORT_MAX_BYTES
from ratings.models import AwardEvent, Rating, Scheme
from ratings.views import STAR_LEVELS, stars_query

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


def last_withdrawn(model, since):
    """When a published rating or plan (`model`) was last unpublished or deleted,
    if after `since`: the newest history entry whose record was published just
    before it. Only the entries after `since` are looked at."""
    history = model.history.all()
    # Entries written at the same moment (in bulk) come in the order of their keys.
    before = (
        history.filter(id=OuterRef("id"))
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("is_published")[:1]
    )
    if since is not None:
        history = history.filter(history_date__gt=since)
    return (
        history.filter(Q(is_published=False) | Q(history_type="-"))
        .annotate(was_published=Subquery(before))
        .filter(was_published=True)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )


# Shown on the public pages, without drafts: see reference_changed().
REFERENCE_MODELS = (Scheme, AwardEvent, Authority)


def reference_changed():
    """When what the public pages show besides ratings and plans last changed: a
    scheme, an award event or a bureau (their every change is public), and an
    institution deleted (an edit stamps its updated_at)."""
    dates = [model.history.aggregate(t=Max("history_date"))["t"] for model in REFERENCE_MODELS]
    deleted = Institution.history.filter(history_type="-").aggregate(t=Max("history_date"))
    return [*dates, deleted["t"]]


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
                *reference_changed(),
            ],
        ),
        default=None,
    )
    # A rating or plan unpublished or deleted leaves the public data older than it
    # was: the date of that withdrawal, not of what is still published.
    last_changed = max(
        filter(None, [last_changed, *(last_withdrawn(m, last_changed) for m in (Rating, Plan))]),
        default=None,
    )
    latest_year = Rating.objects.latest_published_year()
    example = None
    if latest_year:
        # The year's five-star list, or, in a year without five-star ratings, the
        # list of the highest level it has (not an empty file).
        top = Rating.objects.published().for_year(latest_year).aggregate(s=Max("stars"))["s"]
        example = {
            "url": reverse("awards_csv", args=[latest_year]) + stars_query(top),
            "year": latest_year,
            "level": STAR_LEVELS[top],
        }
    return render(
        request,
        "data.html",
        {
            "columns": COLUMNS,
            "json_fields": dictionary.fields(),
            "example_list": example,
            "last_changed": last_changed,
            "licence_name": settings.DATA_LICENCE_NAME,
            "licence_url": settings.DATA_LICENCE_URL,
            "import_limit_mb": IMPORT_MAX_BYTES // 1_000_000,
        },
    )
