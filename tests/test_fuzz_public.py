"""Random paths, query strings and headers at every public address and API endpoint:
never a server error, never a draft."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import PlanFactory, RatingFactory, RegionFactory

pytestmark = pytest.mark.django_db

DRAFT = "草稿不可公开"

ADDRESSES = [
    "/",
    "/awards/",
    "/awards/{year}/",
    "/awards/{year}.csv",
    "/institutions/",
    "/institutions/{slug}/",
    "/regions/{code}/",
    "/compare/",
    "/schemes/{number}/",
    "/data/",
    "/healthz",
    "/api/v1/awards/{year}/",
    "/api/v1/institutions/",
    "/api/v1/institutions/{slug}/",
    "/api/v1/regions/{code}/",
    "/api/v1/schema/",
]
PARAMS = ["q", "kind", "region", "group", "stars", "category", "page", "sort", "i", "format"]

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)
segment = st.one_of(
    text.filter(lambda s: "/" not in s and "?" not in s and "#" not in s),
    st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True),
)
number = st.one_of(st.integers(-10, 10**12).map(str), st.sampled_from(["2024", "2023", "0"]))
query = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMS), text), st.one_of(text, number)), max_size=6
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "accept-language": st.one_of(text, st.sampled_from(["en", "zh-CN", "zh-hans", "*"])),
        "accept": st.one_of(text, st.sampled_from(["application/json", "text/csv", "*/*"])),
        "user-agent": text,
        "referer": text,
    },
)


@pytest.fixture
def world():
    county = RegionFactory(code="330782", name="义乌市")
    RatingFactory(published=True, institution__region=county, institution__slug="shown")
    RatingFactory(institution__region=county, institution__slug="draft", group=DRAFT)
    PlanFactory(headline=DRAFT, institution__region=county)
    return county


def build(template, data):
    return template.format(
        year=data.draw(number),
        slug=data.draw(segment),
        code=data.draw(st.one_of(segment, st.sampled_from(["330782", "330000"]))),
        number=data.draw(number),
    )


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), template=st.sampled_from(ADDRESSES), params=query, sent=headers)
def test_random_requests_never_get_a_server_error_or_a_draft(
    client, world, data, template, params, sent
):
    path = quote(build(template, data), safe="/.")
    response = client.get(path + "?" + urlencode(params), headers=sent)
    assert response.status_code < 500, (path, params, sent)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert DRAFT.encode() not in body


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=st.lists(segment, min_size=1, max_size=4).map(lambda p: "/" + "/".join(p)))
def test_random_paths_are_answered_without_a_server_error(client, world, path):
    assert client.get(quote(path, safe="/")).status_code < 500


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(template=st.sampled_from(ADDRESSES), method=st.sampled_from(["post", "put", "delete"]))
def test_public_addresses_refuse_writes(client, world, template, method):
    path = template.format(year="2024", slug="shown", code="330782", number="1")
    response = getattr(client, method)(path)
    assert response.status_code == 405, path
