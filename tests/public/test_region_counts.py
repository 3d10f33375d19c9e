"""A region's page counts and lists the institutions of every region below it: the
region that holds every region (the province) reads them without a filter."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import InstitutionFactory, RatingFactory, RegionFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def star_counts(html):
    """{stars: count} of the page's table of institutions by stars."""
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    return {
        row.count("★"): int(n)
        for row, n in re.findall(
            r"<tr><th scope=\"row\">(.*?)</th><td class=\"num\">(\d+)</td>", table
        )
    }


@pytest.fixture
def province():
    province = RegionFactory(code="339900", name="测试省", level="province", parent=None)
    cities = [
        RegionFactory(code=f"339{n}00", name=f"第{n}市", level="prefecture", parent=province)
        for n in (1, 2)
    ]
    for city, stars in zip(cities, (5, 4), strict=True):
        county = RegionFactory(code=f"{city.code[:4]}01", level="county", parent=city)
        for n in range(3):
            RatingFactory(
                published=True,
                year=2024,
                stars=stars,
                institution__name=f"{city.name}第{n}学校",
                institution__region=county,
            )
    return province, cities


def test_the_region_holding_every_region_counts_and_lists_every_institution(client, province):
    top, _ = province
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/regions/{top.code}/").content.decode()
    (count,) = [q["sql"] for q in queries if 'COUNT(DISTINCT "ratings_rating"' in q["sql"]]
    assert "JOIN" not in count  # the year's ratings, without a join to institutions
    assert star_counts(html) == {5: 3, 4: 3, 3: 0, 2: 0, 1: 0}
    assert all(f"第{c}市第{n}学校" in html for c in (1, 2) for n in range(3))


def test_a_region_below_counts_and_lists_only_its_own(client, province):
    _, (first, second) = province
    html = client.get(f"/regions/{second.code}/").content.decode()
    assert star_counts(html) == {5: 0, 4: 3, 3: 0, 2: 0, 1: 0}
    assert "第2市第0学校" in html and "第1市第0学校" not in html


def test_an_institution_rated_by_two_schemes_in_a_year_counts_once(client, province):
    _, (first, _) = province
    rating = first.children.get().institutions.first().ratings.get()
    RatingFactory(
        published=True,
        year=2024,
        stars=5,
        institution=rating.institution,
        scheme=SchemeFactory(region=first),
    )
    html = client.get(f"/regions/{first.code}/").content.decode()
    assert star_counts(html) == {5: 3, 4: 0, 3: 0, 2: 0, 1: 0}


def test_an_institution_in_another_province_is_not_the_provinces(client, province):
    top, _ = province
    elsewhere = RegionFactory(code="349900", level="province", parent=None)
    InstitutionFactory(name="外省学校", region=elsewhere)
    html = client.get(f"/regions/{top.code}/").content.decode()
    assert "外省学校" not in html
    assert star_counts(html) == {5: 3, 4: 3, 3: 0, 2: 0, 1: 0}


def test_a_region_whose_ratings_end_earlier_counts_its_own_latest_year(client, province):
    """The second city's ratings stop at 2023 while the first city's go on to 2024:
    its page counts its 2023 ratings, not a 2024 of zeros."""
    from ratings.models import Rating

    _, (first, second) = province
    Rating.objects.filter(institution__region__parent=second).update(year=2023)
    html = client.get(f"/regions/{second.code}/").content.decode()
    assert "各星级机构数（2023）" in html
    assert star_counts(html) == {5: 0, 4: 3, 3: 0, 2: 0, 1: 0}
    data = client.get(f"/api/v1/regions/{second.code}/").json()
    assert data["latest_year"] == 2023


def test_a_region_without_published_ratings_says_so(client, province):
    empty = RegionFactory(code="339300", name="第3市", level="prefecture", parent=province[0])
    html = client.get(f"/regions/{empty.code}/").content.decode()
    assert "本地区暂无已发布的评价结果。" in html
