"""Lists, brackets and labels are punctuated as the page's language punctuates them:
full-width on Chinese pages, as English writes them on English pages."""

import pytest

from institutions.models import Region
from tests.factories import RatingFactory, RegionFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


@pytest.fixture
def regions():
    """浙江省 with two prefectures, one of them rating a school."""
    province = RegionFactory(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    jiaxing = RegionFactory(
        code="330400", name="嘉兴市", level=Region.Level.PREFECTURE, parent=province
    )
    RegionFactory(code="330500", name="湖州市", level=Region.Level.PREFECTURE, parent=province)
    RatingFactory(published=True, institution__region=jiaxing)
    return province


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_homes_star_shares_are_labelled_in_the_pages_punctuation(client, regions):
    assert 'aria-label="5 stars: 1 (100%)"' in page(client, "/", **ENGLISH)
    assert 'aria-label="5 星：1（100%）"' in page(client, "/")


def test_the_homes_regions_are_listed_with_the_pages_commas(client, regions):
    english = page(client, "/", **ENGLISH)
    assert '>浙江省</a>, <a lang="zh-Hans" href="/regions/330400/">嘉兴市</a>, <a' in english
    assert "、" not in english.split("Regions: ")[1].split("</li>")[0]
    assert '>浙江省</a>、<a lang="zh-Hans" href="/regions/330400/">嘉兴市</a>、<a' in page(
        client, "/"
    )


def test_a_regions_sub_regions_are_listed_with_the_pages_commas(client, regions):
    assert ">嘉兴市</a>, <a" in page(client, "/regions/330000/", **ENGLISH)
    assert ">嘉兴市</a>、<a" in page(client, "/regions/330000/")


def test_the_region_filter_brackets_the_code_as_the_page_does(client, regions):
    for url in ("/awards/2024/", "/institutions/"):
        english = page(client, url, **ENGLISH)
        assert '<option value="330000">浙江省 (330000)</option>' in english
        assert "（330000）" not in english
        assert '<option value="330000">浙江省（330000）</option>' in page(client, url)


def test_aliases_are_listed_with_the_pages_commas(client):
    rating = RatingFactory(published=True, institution__aliases="义乌六中\n六中")
    url = rating.institution.get_absolute_url()
    assert '<span lang="zh-Hans">义乌六中</span>, <span lang="zh-Hans">六中</span>' in page(
        client, url, **ENGLISH
    )
    assert '<span lang="zh-Hans">义乌六中</span>、<span lang="zh-Hans">六中</span>' in page(
        client, url
    )
