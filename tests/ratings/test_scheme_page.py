"""A scheme's page counts each year's ratings at the most stars the scheme gives."""

import re

import pytest

from tests.factories import RatingFactory, SchemeFactory

pytestmark = pytest.mark.django_db


def rows(client, scheme, **headers):
    html = client.get(scheme.get_absolute_url(), headers=headers).content.decode()
    table = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<table>")[1].split("</table>")[0])
    )
    return table.strip()


def test_a_three_star_schemes_page_counts_its_three_star_ratings(client):
    scheme = SchemeFactory(max_stars=3)
    for stars in (3, 3, 2):
        RatingFactory(scheme=scheme, institution__region=scheme.region, stars=stars, published=True)
    assert rows(client, scheme, **{"accept-language": "en"}) == "Year Ratings 3 stars 2024 3 2"
    assert rows(client, scheme) == "年度 评价结果 3 星 2024 3 2"


def test_a_five_star_schemes_page_counts_its_five_star_ratings(client):
    scheme = SchemeFactory()
    for stars in (5, 4):
        RatingFactory(scheme=scheme, institution__region=scheme.region, stars=stars, published=True)
    assert rows(client, scheme, **{"accept-language": "en"}) == "Year Ratings Five stars 2024 2 1"
