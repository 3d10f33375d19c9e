"""Drafts never reach the public, and public pages only answer GET and HEAD."""

import pytest

from institutions.models import Kind
from tests.factories import (
    AuthorityFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    RatingFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

DRAFT_HEADLINE = "草稿计划标题不应公开"
DRAFT_BUREAU_HEADLINE = "局草稿计划不应公开"


@pytest.fixture
def world():
    county = RegionFactory(code="330782", name="义乌市")
    shown = InstitutionFactory(name="公开的第一中学", region=county, kind=Kind.SCHOOL)
    RatingFactory(institution=shown, published=True, year=2024, stars=5)
    PlanFactory(institution=shown, year=2024, published=True, headline="公开的计划")
    hidden = InstitutionFactory(name="只有草稿的第二中学", region=county)
    draft_rating = RatingFactory(institution=hidden, year=2024, stars=5)
    draft_plan = PlanFactory(institution=shown, year=2023, headline=DRAFT_HEADLINE)
    CommitmentFactory(plan=draft_plan, title="草稿承诺不应公开")
    authority = AuthorityFactory(region=county)
    PlanFactory(authority_owned=True, authority=authority, headline=DRAFT_BUREAU_HEADLINE)
    return {"shown": shown, "hidden": hidden, "rating": draft_rating, "plan": draft_plan}


def public_urls(world):
    shown, hidden = world["shown"].slug, world["hidden"].slug
    scheme = world["rating"].scheme_id
    return [
        "/",
        "/awards/2024/",
        "/awards/2024/?stars=5",
        "/awards/2023/",
        "/institutions/",
        "/institutions/?stars=5",
        f"/institutions/{shown}/",
        f"/institutions/{hidden}/",
        "/regions/330782/",
        f"/compare/?i={shown}&i={hidden}",
        f"/schemes/{scheme}/",
    ]


def test_draft_ratings_and_plans_never_appear_on_any_public_page(client, world):
    for url in public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert DRAFT_HEADLINE not in html, url
        assert DRAFT_BUREAU_HEADLINE not in html, url
        assert "草稿承诺不应公开" not in html, url
    awards = client.get("/awards/2024/").content.decode()
    assert "公开的第一中学" in awards
    assert "只有草稿的第二中学" not in awards


def test_an_institution_with_only_a_draft_rating_shows_as_not_rated(client, world):
    html = client.get(f"/institutions/{world['hidden'].slug}/").content.decode()
    assert "只有草稿的第二中学" in html  # institutions themselves are public
    assert "★★★★★" not in html


def test_publishing_a_rating_shows_it_on_the_next_request(client, world, reviewer_user):
    world["rating"].publish(reviewer_user)
    assert "只有草稿的第二中学" in client.get("/awards/2024/").content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_pages_refuse_writes_with_405(client, world, method):
    for url in public_urls(world):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (method, url)
        assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_public_pages_answer_head(client, world):
    for url in public_urls(world):
        assert client.head(url).status_code == 200, url
