"""A region filter keeps the institutions of that region and of every region below it."""

import pytest

from institutions.models import Kind, Region
from tests.factories import InstitutionFactory, RatingFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_prefectures():
    province = RegionFactory(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    jinhua = RegionFactory(
        code="330700", name="金华市", level=Region.Level.PREFECTURE, parent=province
    )
    yiwu = RegionFactory(code="330782", name="义乌市", parent=jinhua)
    huzhou = RegionFactory(
        code="330500", name="湖州市", level=Region.Level.PREFECTURE, parent=province
    )
    places = {"义乌": yiwu, "金华": jinhua, "湖州": huzhou}
    for place, region in places.items():
        institution = InstitutionFactory(name=f"{place}第一中学", kind=Kind.SCHOOL, region=region)
        RatingFactory(institution=institution, year=2024, stars=5, published=True)


@pytest.mark.parametrize("url", ["/awards/2024/?region={}", "/institutions/?region={}"])
def test_a_prefecture_keeps_its_own_and_its_counties_institutions(client, two_prefectures, url):
    html = client.get(url.format("330700")).content.decode()
    assert "义乌第一中学" in html and "金华第一中学" in html
    assert "湖州第一中学" not in html
    assert '<option value="330700" selected>' in html


@pytest.mark.parametrize("url", ["/awards/2024/?region={}", "/institutions/?region={}"])
def test_a_county_keeps_only_its_own(client, two_prefectures, url):
    html = client.get(url.format("330782")).content.decode()
    assert "义乌第一中学" in html
    assert "金华第一中学" not in html and "湖州第一中学" not in html


def test_every_region_is_offered_indented_by_level(client, two_prefectures):
    html = client.get("/institutions/").content.decode()
    assert '<option value="330000">浙江省（330000）</option>' in html
    assert '<option value="330700">　金华市（330700）</option>' in html
    assert '<option value="330782">　　义乌市（330782）</option>' in html
