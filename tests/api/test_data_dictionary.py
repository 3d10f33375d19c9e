"""/data/ documents every CSV column and every JSON field the API returns."""

import datetime
import re

import pytest
from django.utils import timezone

from api import dictionary
from api.serializers import (
    AwardSerializer,
    CommitmentSerializer,
    InstitutionListSerializer,
    InstitutionSerializer,
    PlanSerializer,
    RatingSerializer,
    RegionSerializer,
    TargetSerializer,
)
from institutions.models import Authority, Institution
from plans.models import Commitment, Plan, Target
from ratings.csvformat import COLUMNS
from ratings.models import AwardEvent, Rating, Scheme
from tests.factories import (
    AuthorityFactory,
    AwardEventFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    RatingFactory,
    TargetFactory,
)
from tests.test_roles import commitment_form, url

pytestmark = pytest.mark.django_db

SERIALIZERS = {
    "institution": [InstitutionSerializer, InstitutionListSerializer],
    "region": [RegionSerializer],
    "rating": [RatingSerializer],
    "award": [AwardSerializer],
    "plan": [PlanSerializer],
    "commitment": [CommitmentSerializer],
    "target": [TargetSerializer],
}


def test_every_json_field_is_in_the_dictionary():
    documented = {(obj, name) for obj, name, *_ in dictionary.fields()}
    for obj, serializers in SERIALIZERS.items():
        for serializer in serializers:
            for name in serializer().fields:
                shared = {"region", "year", "stars", "group", "scheme"}
                if obj == "award" and name in shared:
                    continue  # as for a rating or an institution
                assert (obj, name) in documented, f"{obj}.{name} is not on /data/"


def test_the_data_page_lists_columns_fields_downloads_licence_and_last_change(client):
    rating = RatingFactory(published=True)
    html = client.get("/data/").content.decode()
    for column in COLUMNS:
        assert f"<code>{column.key}</code>" in html
    assert "<code>progress</code>" in html and "<code>comparator</code>" in html
    assert "/awards/2024.csv" in html
    assert "/api/v1/schema/" in html
    assert "CC BY 4.0" in html
    assert timezone.localtime(rating.updated_at).strftime("%Y-%m-%d") in html


def test_the_json_types_read_in_the_pages_language(client):
    html = client.get("/data/").content.decode()
    for chinese in ("字符串数组", "字符串或 null", "整数或 null", "rating 对象数组", "布尔值"):
        assert f"<td>{chinese}</td>" in html
    for english in ("array of string", "string or null", "integer or null", "boolean"):
        assert f"<td>{english}</td>" not in html
    english = client.get("/data/", headers={"accept-language": "en"}).content.decode()
    assert "<td>array of string</td>" in english and "<td>string or null</td>" in english


def test_the_data_page_says_how_the_import_finds_a_rows_institution(client):
    # As ratings.importer.InstitutionMatcher does: address, then codes, then names.
    english = client.get("/data/", headers={"accept-language": "en"}).content.decode()
    assert (
        "Institutions are matched by address, else by unified social credit code or school "
        "identification code, else by official name, short name or alias;"
    ) in english
    chinese = client.get("/data/").content.decode()
    assert (
        "机构优先按网址名匹配，其次按统一社会信用代码或学校标识码匹配，再次按正式名称、简称或别名匹配"
        in chinese
    )


def test_the_page_names_the_openapi_version_the_schema_is_written_in(client):
    schema = client.get("/api/v1/schema/", headers={"accept": "application/json"}).json()
    major, minor, _patch = schema["openapi"].split(".")
    assert f"OpenAPI {major}.{minor} 接口说明" in client.get("/data/").content.decode()


def test_the_example_list_is_the_latest_years_five_star_one(client):
    RatingFactory(year=2024, stars=5, published=True)
    page = client.get("/data/").content.decode()
    assert '<a href="/awards/2024.csv">2024年五星级名单（CSV）</a>' in page


def test_in_a_year_without_five_star_ratings_the_example_is_its_highest_level(client):
    RatingFactory(year=2024, stars=4, published=True)
    RatingFactory(year=2024, stars=3, published=True)
    RatingFactory(year=2024, stars=5, published=False)  # a draft is not on the list
    page = client.get("/data/").content.decode()
    assert '<a href="/awards/2024.csv?stars=4">2024年四星级名单（CSV）</a>' in page
    english = client.get("/data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The 2024 four-star list (CSV)" in english


def last_changed(client):
    html = client.get("/data/").content.decode()
    return re.search(r'<dt>Last changed</dt><dd><time datetime="([^"]+)"', html).group(1)


@pytest.mark.parametrize("item", ["commitment", "target"])
def test_the_last_change_moves_when_a_published_plans_item_is_updated(client, reviewer_user, item):
    plan = PlanFactory(published=True)
    commitment = CommitmentFactory(plan=plan)
    target = TargetFactory(plan=plan, actual=None)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Plan.objects.update(updated_at=month_ago)
    Institution.objects.update(updated_at=month_ago)
    for model in (Commitment, Target):
        model.history.update(history_date=month_ago)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = last_changed(client)

    client.force_login(reviewer_user)
    if item == "commitment":
        client.post(
            url(Commitment, "change", commitment.pk),
            commitment_form(commitment, status="in_progress", progress=50),
        )
    else:
        target.actual = 60
        target.save()
    client.logout()

    assert last_changed(client) > before
    assert last_changed(client)[:10] == timezone.localdate().isoformat()


def test_the_last_change_ignores_a_draft_plans_items(client):
    rating = RatingFactory(published=True)
    before = last_changed_or_none(client)
    draft = PlanFactory(institution=rating.institution)
    CommitmentFactory(plan=draft)
    TargetFactory(plan=draft)
    assert last_changed_or_none(client) == before


def last_changed_or_none(client):
    html = client.get("/data/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    found = re.search(r'<time datetime="([^"]+)"', html)
    return found and found.group(1)


@pytest.mark.parametrize("withdrawal", ["unpublish_selected", "delete_selected"])
@pytest.mark.parametrize("factory", [RatingFactory, PlanFactory])
def test_the_last_change_moves_when_published_data_is_withdrawn(
    client, reviewer_user, factory, withdrawal
):
    kept = RatingFactory(published=True, year=2023)
    withdrawn = factory(published=True, institution=kept.institution)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for model in (Rating, Plan, Institution):
        model.objects.update(updated_at=month_ago)
    for model in (Rating, Plan):
        model.history.update(history_date=month_ago)
    before = last_changed_or_none(client)

    client.force_login(reviewer_user)
    model = type(withdrawn)
    changelist = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    client.post(
        changelist, {"action": withdrawal, "_selected_action": [withdrawn.pk], "post": "yes"}
    )
    client.logout()

    assert not model.objects.published().filter(pk=withdrawn.pk).exists()
    assert last_changed_or_none(client) > before
    assert last_changed_or_none(client)[:10] == timezone.localdate().isoformat()


def test_the_last_change_ignores_the_edit_of_a_withdrawn_draft(client, reviewer_user):
    kept = RatingFactory(published=True, year=2023)
    withdrawn = RatingFactory(published=True, institution=kept.institution, scheme=kept.scheme)
    withdrawn.unpublish(reviewer_user)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for model in (Rating, Institution):
        model.objects.update(updated_at=month_ago)
    Rating.history.update(history_date=month_ago)
    before = last_changed_or_none(client)

    withdrawn.note = "草稿修改"
    withdrawn.save()

    assert last_changed_or_none(client) == before


def a_month_ago_for_everything():
    month_ago = timezone.now() - datetime.timedelta(days=30)
    for model in (Rating, Plan, Institution):
        model.objects.update(updated_at=month_ago)
    for model in (Rating, Plan, Institution, Scheme, AwardEvent, Authority):
        model.history.update(history_date=month_ago)


@pytest.mark.parametrize("change", ["scheme renamed", "award event added", "bureau renamed"])
def test_the_last_change_moves_when_what_the_pages_show_beside_ratings_changes(client, change):
    rating = RatingFactory(published=True)
    authority = AuthorityFactory()
    a_month_ago_for_everything()
    before = last_changed_or_none(client)
    if change == "scheme renamed":
        rating.scheme.name = "测试市中小学校综合评价（修订）"
        rating.scheme.save()
    elif change == "award event added":
        AwardEventFactory(region=rating.scheme.region)
    else:
        authority.name = "测试市教育局（更名）"
        authority.save()
    assert last_changed_or_none(client) > before
    assert last_changed_or_none(client)[:10] == timezone.localdate().isoformat()


def test_the_last_change_moves_when_an_institution_is_deleted(client):
    RatingFactory(published=True)
    gone = InstitutionFactory()
    a_month_ago_for_everything()
    before = last_changed_or_none(client)
    gone.delete()
    assert last_changed_or_none(client) > before
