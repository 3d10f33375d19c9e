"""The read-only JSON API: published data only, stable keys, and true to its OpenAPI schema."""

import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from tests.factories import CommitmentFactory, InstitutionFactory, PlanFactory, RatingFactory
from tests.public.worlds import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/schema/", headers={"accept": "application/json"})
    assert response.status_code == 200
    return OpenAPI.from_dict(json.loads(response.content))


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def urls():
    from institutions.models import Institution

    slug = Institution.objects.order_by("pk").first().slug
    return [
        "/api/v1/awards/2024/",
        "/api/v1/awards/2024/?kind=health&stars=5",
        "/api/v1/awards/2024/?stars=4&region=330782",
        "/api/v1/awards/2019/",
        "/api/v1/institutions/",
        "/api/v1/institutions/?q=中学&kind=school&stars=5",
        f"/api/v1/institutions/{slug}/",
        "/api/v1/regions/330782/",
        "/api/v1/regions/330000/",
    ]


def test_every_endpoint_answers_as_its_openapi_schema_says(client, openapi, rf):
    build_world(size=2)
    for url in urls():
        response = get(client, url)
        request = DjangoOpenAPIRequest(rf.get(url))
        openapi.validate_response(request, DjangoOpenAPIResponse(response))


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/institutions/no-such/", 404),
        ("/api/v1/regions/999999/", 404),
        ("/api/v1/awards/2024/?region=999999", 400),
        ("/api/v1/institutions/?stars=9", 400),
    ],
)
def test_errors_answer_as_the_openapi_schema_says(client, openapi, rf, url, status):
    build_world(size=1)
    response = client.get(url)
    assert response.status_code == status
    openapi.validate_response(DjangoOpenAPIRequest(rf.get(url)), DjangoOpenAPIResponse(response))


def test_the_api_lists_only_published_ratings_and_plans(client):
    shown = RatingFactory(published=True, institution__name="公开学校")
    RatingFactory(institution__name="草稿学校")
    PlanFactory(institution=shown.institution, headline="草稿计划")
    for url in [
        "/api/v1/awards/2024/",
        "/api/v1/institutions/?stars=5",
        f"/api/v1/institutions/{shown.institution.slug}/",
    ]:
        body = get(client, url).content.decode()
        assert "草稿学校" not in body and "草稿计划" not in body
    awards = get(client, "/api/v1/awards/2024/").json()
    assert [a["institution"]["name"] for a in awards["results"]] == ["公开学校"]


def test_an_award_has_its_plan_of_the_year_with_commitment_titles_in_order(client):
    rating = RatingFactory(published=True, year=2024)
    plan = PlanFactory(institution=rating.institution, year=2024, published=True, headline="促创新")
    CommitmentFactory(plan=plan, position=2, title="深化课堂教学改革")
    CommitmentFactory(plan=plan, position=1, title="实施党建领航工程")
    PlanFactory(institution=rating.institution, year=2023, published=True, headline="旧计划")
    [award] = get(client, "/api/v1/awards/2024/").json()["results"]
    assert award["plan"] == {
        "year": 2024,
        "headline": "促创新",
        "commitments": ["实施党建领航工程", "深化课堂教学改革"],
    }


def test_an_institution_has_its_ratings_plans_commitments_and_targets(client):
    from decimal import Decimal

    from tests.factories import TargetFactory

    rating = RatingFactory(published=True, stars=4, group="初中组")
    plan = PlanFactory(institution=rating.institution, published=True, headline="促创新")
    commitment = CommitmentFactory(plan=plan, position=1, title="实施党建领航工程")
    TargetFactory(
        plan=plan,
        commitment=commitment,
        target_value=Decimal("2.67"),
        indicator__unit="亿元",
        actual=Decimal("3"),
    )
    data = get(client, f"/api/v1/institutions/{rating.institution.slug}/").json()
    assert data["ratings"][0]["stars"] == 4
    assert data["ratings"][0]["group"] == "初中组"
    [plan_data] = data["plans"]
    assert plan_data["headline"] == "促创新"
    assert plan_data["commitments"][0]["title"] == "实施党建领航工程"
    target = plan_data["targets"][0]
    assert target["target"] == "2.67" and target["unit"] == "亿元"
    assert target["status"] == "met" and target["progress"] == 100
    assert target["commitment"] == 1


def test_the_directory_api_searches_names_and_aliases(client):
    InstitutionFactory(name="义乌市第六中学", short_name="义乌六中")
    InstitutionFactory(name="义乌市绣湖中学")
    data = get(client, "/api/v1/institutions/?q=六中").json()
    assert [i["name"] for i in data["results"]] == ["义乌市第六中学"]


def test_the_api_refuses_writes(client):
    RatingFactory(published=True)
    for url in ["/api/v1/awards/2024/", "/api/v1/institutions/", "/api/v1/schema/"]:
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405
        assert client.options(url).status_code == 405


def test_bad_filters_are_a_400_not_a_500(client):
    assert client.get("/api/v1/institutions/?stars=abc").status_code == 400
    response = client.get("/api/v1/awards/2024/?stars=9&region=999999")
    assert response.status_code == 400
    assert response.json() == {
        "stars": ["星级应为 1 到 5 的整数，不能是“9”。"],
        "region": ["没有代码为“999999”的地区。"],
    }
    assert client.get("/api/v1/institutions/no-such/").status_code == 404
    assert client.get("/api/v1/regions/000000/").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/institutions/no-such/",
        "/api/v1/regions/999999/",
        "/api/v1/awards/abc/",
        "/api/v1/nothing-here/",
        "/api/v1/nothing-here",
        "/api/v1/institutions/no-such/more",
    ],
)
def test_what_the_api_does_not_have_is_a_json_404_in_the_visitors_language(client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}
    assert response["Access-Control-Allow-Origin"] == "*"
    english = client.get(address, headers={"accept-language": "en"})
    assert english.json() == {"detail": "Not found."}


def test_the_apis_root_says_where_its_endpoints_are(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "awards": "http://testserver/api/v1/awards/{year}/",
        "institutions": "http://testserver/api/v1/institutions/",
        "institution": "http://testserver/api/v1/institutions/{slug}/",
        "region": "http://testserver/api/v1/regions/{code}/",
        "schema": "http://testserver/api/v1/schema/",
        "data_dictionary": "http://testserver/data/",
    }
    for name in ("institutions", "schema"):
        assert client.get(response.json()[name]).status_code == 200


@pytest.mark.parametrize(
    ("address", "slashed"),
    [
        ("/api/v1/institutions", "/api/v1/institutions/"),
        ("/api/v1/institutions?kind=school&q=x", "/api/v1/institutions/?kind=school&q=x"),
        ("/api/v1/institutions/shown", "/api/v1/institutions/shown/"),
        ("/api/v1/awards/2024?stars=4", "/api/v1/awards/2024/?stars=4"),
        ("/api/v1/regions/330782", "/api/v1/regions/330782/"),
        ("/api/v1/schema", "/api/v1/schema/"),
        ("/api/v1", "/api/v1/"),
    ],
)
def test_an_endpoints_address_without_its_slash_leads_to_it(client, address, slashed):
    RatingFactory(published=True, institution__slug="shown", institution__region__code="330782")
    for response in (client.get(address), client.head(address)):
        assert response.status_code == 301
        assert response["Location"] == slashed
    assert client.get(slashed).status_code == 200
