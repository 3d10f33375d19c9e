"""Institutions are listed in the order readers of Chinese look names up: by pinyin on
PostgreSQL (its ICU collation), by code point on SQLite, which has no ICU."""

import pytest
from django.core import checks
from django.db import connection

from tests.factories import InstitutionFactory, RegionFactory

pytestmark = pytest.mark.django_db

# In pinyin order; by code point 上 (U+4E0A) comes before 北 (U+5317) and 安 (U+5B89).
PINYIN_ORDER = ["安徽省实验学校", "北京路小学", "重庆路中学", "上海路医院", "长江路幼儿园"]
NAMES = PINYIN_ORDER if connection.vendor == "postgresql" else sorted(PINYIN_ORDER)


@pytest.fixture
def region():
    region = RegionFactory(code="339901", name="读音区")
    for name in reversed(PINYIN_ORDER):  # entered in no particular order
        InstitutionFactory(name=name, region=region)
    return region


def in_page_order(html):
    """The names of PINYIN_ORDER that the page shows, in the order it shows them."""
    return sorted((name for name in PINYIN_ORDER if name in html), key=html.index)


def test_the_directory_lists_names_in_reading_order(client, region):
    assert in_page_order(client.get("/institutions/").content.decode()) == NAMES


def test_the_directory_sorted_by_name_descending_reverses_it(client, region):
    html = client.get("/institutions/", {"sort": "-name"}).content.decode()
    assert in_page_order(html) == NAMES[::-1]


def test_a_search_lists_its_matches_in_reading_order(client, region):
    html = client.get("/institutions/", {"q": "路"}).content.decode()
    assert in_page_order(html[html.index("<tbody>") :]) == [n for n in NAMES if "路" in n]


def test_a_region_page_lists_its_institutions_in_reading_order(client, region):
    assert in_page_order(client.get("/regions/339901/").content.decode()) == NAMES


def test_the_api_lists_institutions_in_reading_order(client, region):
    results = client.get("/api/v1/institutions/").json()["results"]
    assert [r["name"] for r in results] == NAMES


def test_the_database_check_passes_where_names_can_be_sorted_by_pinyin():
    assert checks.run_checks(databases=["default"], tags=[checks.Tags.database]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL collates")
def test_a_postgresql_without_the_pinyin_collation_fails_the_check(monkeypatch):
    monkeypatch.setattr("institutions.checks.PINYIN_COLLATION", "zz-no-such-x-icu")
    errors = checks.run_checks(databases=["default"], tags=[checks.Tags.database])
    assert [e.id for e in errors] == ["institutions.E001"]
    assert '"zz-no-such-x-icu"' in errors[0].msg


def test_the_admin_sorted_by_name_keeps_reading_order(client, region, superuser):
    client.force_login(superuser)
    changelist = "/admin/institutions/institution/"
    assert in_page_order(client.get(changelist).content.decode()) == NAMES
    assert in_page_order(client.get(changelist, {"o": "1"}).content.decode()) == NAMES
    assert in_page_order(client.get(changelist, {"o": "-1"}).content.decode()) == NAMES[::-1]


def test_the_admins_ratings_and_their_export_are_in_reading_order(client, region, superuser):
    from ratings.models import Rating
    from tests.factories import RatingFactory, SchemeFactory

    scheme = SchemeFactory()
    for institution in region.institutions.all():
        RatingFactory(institution=institution, scheme=scheme, year=2024, stars=5)
    client.force_login(superuser)
    assert in_page_order(client.get("/admin/ratings/rating/").content.decode()) == NAMES
    response = client.post(
        "/admin/ratings/rating/",
        {
            "action": "export_csv",
            "_selected_action": list(Rating.objects.values_list("pk", flat=True)),
        },
    )
    assert in_page_order(b"".join(response.streaming_content).decode("utf-8-sig")) == NAMES
