"""Counts of a thousand and more are grouped as English writes them (1,001) on English
pages, and written as Chinese pages write them (1001)."""

import re

import pytest

from institutions.models import Category, Institution, Kind
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


@pytest.fixture
def region():
    region = RegionFactory()
    Institution.objects.bulk_create(
        Institution(
            name=f"测试市第{n}小学",
            slug=f"ceshi-{n}",
            kind=Kind.SCHOOL,
            category=Category.PRIMARY,
            region=region,
        )
        for n in range(1001)
    )
    return region


def text(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_capped_search_says_more_than_1000_with_a_thousands_separator(client, region):
    english = text(client, "/institutions/?q=测试市", **ENGLISH)
    assert "More than 1,000 institutions match; the first 1,000 are listed." in english
    assert "Page 1 of 20" in english
    assert "符合条件的机构超过 1000 家，只列出前 1000 家" in text(client, "/institutions/?q=测试市")


def test_the_directory_and_the_region_page_count_1001_institutions(client, region):
    assert "1,001 institutions found." in text(client, "/institutions/", **ENGLISH)
    assert "共找到 1001 家机构。" in text(client, "/institutions/")
    assert "1,001 institutions in this region." in text(
        client, region.get_absolute_url(), **ENGLISH
    )


def test_the_overview_groups_the_award_events_counts_in_english(client):
    from tests.factories import AwardEventFactory, RatingFactory

    RatingFactory(published=True)
    AwardEventFactory(schools_commended=1200, health_commended=1)
    english = text(client, "/", **ENGLISH)
    assert "The source counts 1,200 schools and 1 health institution commended;" in english
    assert "来源文件载明受表彰的有学校 1200 所、医疗卫生机构 1 家；" in text(client, "/")
