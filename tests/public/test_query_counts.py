"""Every public page costs the same number of queries whatever the size of the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Institution, Kind, Region
from ratings.models import Rating, Scheme
from tests.factories import InstitutionFactory, PlanFactory, RatingFactory
from tests.public.worlds import add_plan, build_world

pytestmark = pytest.mark.django_db


def page_urls():
    institution = Institution.objects.order_by("pk").first()
    other = Institution.objects.order_by("-pk").first()
    return {
        "home": "/",
        "awards": "/awards/2024/",
        "awards filtered": "/awards/2024/?kind=school&region=330782",
        "directory": "/institutions/",
        "directory search": "/institutions/?q=中学&stars=5&sort=-latest_stars",
        "institution": f"/institutions/{institution.slug}/",
        "region": "/regions/330782/",
        "compare": f"/compare/?i={institution.slug}&i={other.slug}",
        "scheme": f"/schemes/{Scheme.objects.first().pk}/",
    }


# Expected queries per page, whatever the size:
EXPECTED = {
    # latest year; five-star counts; stars distribution; latest event; regions
    "home": 5,
    # count; ids of the page; those ratings; their plans; the plans' commitments;
    # years; regions (the form's choices); the year's award events with the
    # numbers their sources counted
    "awards": 8,
    # the same: one read of the regions gives the choices and the tree below the
    # region chosen
    "awards filtered": 8,
    # count (once: the table paginates, not the list view too); page of
    # institutions with latest stars; region choices
    "directory": 3,
    # a search's page counts its matches as it reads them
    "directory search": 2,
    # institution; ratings; plans; commitments; targets
    "institution": 5,
    # region; children; region tree; its authorities; plans; commitments;
    # targets; count; page; latest year; counts by stars
    "region": 11,
    # institutions; ratings; plans; commitments
    "compare": 4,
    # scheme; ratings by year
    "scheme": 2,
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_a_page_makes_the_same_queries_for_a_little_and_a_lot_of_data(client, page):
    build_world(size=2)
    small = count_queries(client, page_urls()[page])
    build_world_more(size=25)
    large = count_queries(client, page_urls()[page])
    assert (small, large) == (EXPECTED[page], EXPECTED[page])


def build_world_more(size):
    """More institutions in build_world's county."""
    county = Region.objects.get(code="330782")
    for kind in (Kind.SCHOOL, Kind.HEALTH):
        scheme = Rating.objects.filter(institution__kind=kind).first().scheme
        for _ in range(size):
            institution = InstitutionFactory(kind=kind, region=county)
            RatingFactory(institution=institution, scheme=scheme, published=True)
            add_plan(PlanFactory(institution=institution, published=True))
