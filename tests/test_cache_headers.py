"""What shared caches are told: a public answer may be kept but is asked for again
before each reuse, and varies with the language the visitor's cookie or browser
chose."""

import pytest
from django.conf import settings

from tests.factories import RatingFactory

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/awards/2024/",
    "/awards/2024.csv",
    "/awards/2024.csv?stars=9",  # a 400 saying why, in the visitor's language
    "/institutions/",
    "/institutions/shown/",
    "/data/",
    "/api/v1/",
    "/api/v1/institutions/",
    "/api/v1/awards/2024/",
    "/api/v1/schema/",
    "/api/v1/nothing-here/",
]


@pytest.fixture
def world():
    RatingFactory(published=True, institution__slug="shown")


def in_english_by_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def vary(response):
    return {v.strip().lower() for v in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_answer_varies_with_the_language_cookie_and_is_revalidated(client, world, address):
    response = in_english_by_cookie(client).get(address)
    assert response["Content-Language"] == "en"
    assert {"accept-language", "cookie"} <= vary(response)
    assert response["Cache-Control"] == "no-cache"


def test_the_language_cookie_changes_the_page_at_the_same_address(client, world):
    chinese = client.get("/awards/2024/")
    english = in_english_by_cookie(client).get("/awards/2024/")
    assert (chinese["Content-Language"], english["Content-Language"]) == ("zh-hans", "en")
    assert "cookie" in vary(chinese)


def test_a_missing_page_varies_with_the_language_cookie_too(client, world):
    response = in_english_by_cookie(client).get("/institutions/no-such/")
    assert response.status_code == 404
    assert {"accept-language", "cookie"} <= vary(response)


def test_the_admin_is_still_never_cached(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
