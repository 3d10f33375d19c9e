"""Addresses no page can answer are refused plainly, in the visitor's language."""

import pytest

from tests.factories import RatingFactory, RegionFactory

pytestmark = pytest.mark.django_db

NULL_ADDRESSES = [
    "/regions/%00/",
    "/institutions/a%00b/",
    "/compare/?i=%00",
    "/institutions/?q=%00",
    "/awards/2024/?group=%E9%AB%98%00",
    "/awards/2024.csv?region=%00",
]


@pytest.fixture
def world():
    county = RegionFactory(code="330782", name="义乌市")
    RatingFactory(published=True, institution__region=county, institution__slug="shown")


@pytest.mark.parametrize("address", NULL_ADDRESSES)
def test_a_null_character_in_the_address_is_a_bad_request_that_says_why(client, world, address):
    response = client.get(address)
    assert response.status_code == 400
    assert "地址中含有空字符（%00），任何页面都不接受。" in response.content.decode()


def test_a_null_character_is_refused_in_english_too(client, world):
    response = client.get("/regions/%00/", headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "The address contains a null character (%00)" in response.content.decode()


@pytest.mark.parametrize(
    "address",
    ["/api/v1/regions/%00/", "/api/v1/institutions/?q=%00", "/api/v1/awards/2024/?kind=%00"],
)
def test_the_api_refuses_a_null_character_in_json(client, world, address):
    response = client.get(address)
    assert response.status_code == 400
    assert response.json() == {"detail": "地址中含有空字符（%00），任何页面都不接受。"}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_write_to_a_public_page_is_refused_with_a_reason(client, world, method):
    response = getattr(client, method)("/awards/2024/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "此地址只能读取（GET 或 HEAD）：公开网站不修改任何数据。" in response.content.decode()


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "address", ["/awards/2024", "/compare", "/data", "/institutions", "/regions/330782"]
)
def test_a_write_to_a_public_pages_address_without_its_slash_is_refused_alike(
    client, world, settings, debug, address
):
    # Django would redirect it, or in debug fail with a 500.
    settings.DEBUG = debug
    response = client.post(address)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "此地址只能读取（GET 或 HEAD）" in response.content.decode()
    reading = client.get(f"{address}?x=1")
    assert (reading.status_code, reading["Location"]) == (301, f"{address}/?x=1")
