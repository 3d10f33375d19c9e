"""Published data as pages and the API both read it; query counts noted per function."""

from django.db.models import Count, Prefetch

from institutions.filters import with_latest_rating
from institutions.models import Authority, Institution, ReadingOrder
from institutions.regions import region_and_descendant_ids
from plans.models import Commitment, Plan, Target
from ratings.models import MAX_STARS, Rating


def published_plans():
    """Published plans with their commitments and targets, in order; three queries."""
    return Plan.objects.published().prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("position")),
        Prefetch(
            "targets",
            queryset=Target.objects.select_related("indicator", "commitment").order_by(
                "position", "pk"
            ),
        ),
    )


def published_ratings_of(institution):
    """One query."""
    return list(
        Rating.objects.published()
        .filter(institution=institution)
        .select_related("scheme", "award_event", "source")
        .order_by("-year", "scheme__name")
    )


def published_plans_of(institution):
    """Three queries."""
    return list(
        published_plans().filter(institution=institution).select_related("source").order_by("-year")
    )


def region_summary(region):
    """A region's children, bureau plans, institutions (a lazy queryset) and star
    counts of the latest published year; nine queries plus the institutions'."""
    children = list(region.children.order_by("code"))
    region_ids = region_and_descendant_ids(region)
    # Authorities are few: naming them lets the plans query use its authority index.
    authority_ids = list(
        Authority.objects.filter(region_id__in=region_ids).values_list("pk", flat=True)
    )
    plans = list(
        published_plans()
        .filter(authority_id__in=authority_ids)
        .select_related("authority", "source")
        .order_by("authority__name", "-year", "kind")
    )
    institutions = with_latest_rating(
        Institution.objects.filter(region_id__in=region_ids).select_related("region")
    ).order_by(ReadingOrder("name"), "pk")
    # Star counts of the latest year with published ratings anywhere.
    latest_year = Rating.objects.latest_published_year()
    counts = {}
    if latest_year:
        counts = dict(
            Rating.objects.published()
            .filter(institution__region_id__in=region_ids, year=latest_year)
            .values_list("stars")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return {
        "region": region,
        "children": children,
        "plans": plans,
        "institutions": institutions,
        "latest_year": latest_year,
        "star_counts": [(s, counts.get(s, 0)) for s in range(MAX_STARS, 0, -1)],
    }
