import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from institutions.models import Kind
from ratings.models import Rating
from tests.factories import InstitutionFactory, RatingFactory, RegionFactory, SchemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def unsaved_rating(**fields):
    """A rating as a form would build it, of an existing school and scheme."""
    fields.setdefault("scheme", SchemeFactory())
    return RatingFactory.build(institution=InstitutionFactory(), **fields)


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_the_factory_makes_valid_ratings_of_schools_and_health_institutions():
    for kind in Kind:
        rating = RatingFactory(institution__kind=kind)

        rating.full_clean()
        assert rating.scheme.kind == kind


# One rating per institution, scheme and year


def test_the_database_refuses_a_second_rating_for_the_same_institution_scheme_and_year():
    rating = RatingFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RatingFactory(institution=rating.institution, scheme=rating.scheme, year=rating.year)


def test_a_second_rating_for_the_same_institution_scheme_and_year_is_refused_with_a_message():
    rating = RatingFactory()
    second = RatingFactory.build(
        institution=rating.institution, scheme=rating.scheme, year=rating.year, stars=4
    )

    assert errors_of(second) == {
        NON_FIELD_ERRORS: ["This institution already has a rating in this scheme for this year."]
    }


def test_an_institution_has_one_rating_per_year_in_the_same_scheme():
    rating = RatingFactory(year=2023)

    RatingFactory(institution=rating.institution, scheme=rating.scheme, year=2024)

    assert rating.institution.ratings.count() == 2


def test_a_rating_can_be_corrected_without_tripping_over_itself():
    rating = RatingFactory(stars=4)

    rating.stars = 5
    rating.full_clean()


# Stars


@pytest.mark.parametrize("stars", [0, 6])
def test_the_database_refuses_stars_outside_one_to_five(stars):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingFactory(stars=stars)


@pytest.mark.parametrize("stars", [0, 6])
def test_stars_outside_one_to_five_are_refused_with_a_message(stars):
    assert errors_of(unsaved_rating(stars=stars)) == {"stars": ["Stars must be between 1 and 5."]}


def test_stars_above_the_schemes_maximum_are_refused_with_a_message():
    rating = unsaved_rating(scheme=SchemeFactory(max_stars=3), stars=4)

    assert errors_of(rating) == {"stars": ["This scheme awards at most 3 stars."]}


def test_the_schemes_maximum_itself_is_accepted():
    unsaved_rating(scheme=SchemeFactory(max_stars=3), stars=3).full_clean()


def test_a_scheme_rates_only_its_own_kind_of_institution():
    rating = RatingFactory.build(
        institution=InstitutionFactory(kind=Kind.HEALTH), scheme=SchemeFactory(kind=Kind.SCHOOL)
    )

    assert list(errors_of(rating)) == ["scheme"]


@pytest.mark.parametrize("year", [1900, 2101])
def test_an_implausible_year_is_refused(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingFactory(year=year)


# Queries the pages use


def test_published_leaves_out_drafts():
    published = RatingFactory(published=True)
    RatingFactory()

    assert list(Rating.objects.published()) == [published]


def test_the_published_trait_records_when():
    assert RatingFactory(published=True).published_at is not None
    assert RatingFactory().published_at is None


def test_for_year_keeps_that_years_ratings():
    rating_2024 = RatingFactory(year=2024)
    RatingFactory(year=2023)

    assert list(Rating.objects.for_year(2024)) == [rating_2024]


def test_five_star_keeps_five_star_ratings():
    five = RatingFactory(stars=5)
    RatingFactory(stars=4)

    assert list(Rating.objects.five_star()) == [five]


def test_querysets_chain_as_the_pages_use_them():
    wanted = RatingFactory(year=2024, stars=5, published=True)
    RatingFactory(year=2024, stars=5)
    RatingFactory(year=2023, stars=5, published=True)
    RatingFactory(year=2024, stars=4, published=True)

    assert list(Rating.objects.published().for_year(2024).five_star()) == [wanted]


def test_in_region_counts_institutions_of_the_regions_below():
    province = RegionFactory(level="province")
    city = RegionFactory(level="prefecture", parent=province)
    county = RegionFactory(parent=city)
    other_county = RegionFactory(parent=RegionFactory(level="prefecture", parent=province))
    in_city = RatingFactory(institution__region=city)
    in_county = RatingFactory(institution__region=county)
    elsewhere = RatingFactory(institution__region=other_county)

    assert set(Rating.objects.in_region(county)) == {in_county}
    assert set(Rating.objects.in_region(city)) == {in_city, in_county}
    assert set(Rating.objects.in_region(province)) == {in_city, in_county, elsewhere}


def test_an_import_file_is_named_by_its_upload_time_in_the_sites_time_zone(db):
    from datetime import UTC, datetime

    from ratings.models import RatingImportFile

    upload = RatingImportFile(
        filename="awards.csv", uploaded_at=datetime(2026, 12, 2, 7, 54, tzinfo=UTC)
    )
    assert str(upload) == "awards.csv (2026-12-02 15:54)"  # Asia/Shanghai
