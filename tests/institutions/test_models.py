import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from institutions.models import Category, Institution, Kind, Region
from tests.factories import InstitutionFactory, RegionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

VALID_CREDIT_CODES = ["11330782002609303G", "91350100M000100Y43"]


def new_institution(**fields):
    """An unsaved institution as a form would build it, slug given."""
    return InstitutionFactory.build(region=RegionFactory(), slug="xin-xue-xiao", **fields)


def errors_of(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


# Regions


def test_a_region_cannot_be_placed_under_its_own_sub_region():
    province = RegionFactory(level=Region.Level.PROVINCE)
    city = RegionFactory(level=Region.Level.PREFECTURE, parent=province)
    county = RegionFactory(parent=city)
    province.parent = county
    assert errors_of(province)["parent"] == [
        "A region cannot be placed under one of its own sub-regions."
    ]
    province.parent = None  # (not saved)
    county.parent = province  # a move within the tree is fine
    county.full_clean()


def test_the_pages_of_a_tree_that_loops_still_answer(client):
    """A loop set outside the forms (the database, an old import) must not hang a page."""
    province = RegionFactory(code="339900", level=Region.Level.PROVINCE)
    city = RegionFactory(code="339901", level=Region.Level.PREFECTURE, parent=province)
    InstitutionFactory(region=city)
    Region.objects.filter(pk=province.pk).update(parent=city)
    assert client.get("/regions/339900/").status_code == 200
    assert client.get("/institutions/?region=339901").status_code == 200
    assert client.get("/api/v1/regions/339900/").status_code == 200


@pytest.mark.parametrize("code", ["33078", "3307820", "33078a"])
def test_a_region_code_that_is_not_six_digits_is_refused_with_a_message(code):
    errors = errors_of(RegionFactory.build(code=code))

    assert "A region code is six digits (GB/T 2260)." in errors["code"]


def test_a_region_code_typed_in_full_width_digits_is_refused_with_a_message():
    # Chinese input methods often type ３３０７８２ for 330782.
    errors = errors_of(RegionFactory.build(code="３３０７８２"))

    assert "A region code is six digits (GB/T 2260)." in errors["code"]


@pytest.mark.parametrize("code", ["33078", "33078a"])
def test_the_database_refuses_a_region_code_that_is_not_six_digits(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory(code=code)


def test_a_six_digit_region_code_is_accepted():
    region = RegionFactory.build(code="330782", name="义乌市")

    region.full_clean()


# Official identifiers


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_a_valid_credit_code_is_accepted(code):
    new_institution(credit_code=code).full_clean()


def test_a_credit_code_is_stored_in_capitals():
    institution = new_institution(credit_code="11330782002609303g")

    institution.full_clean()

    assert institution.credit_code == "11330782002609303G"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("11330782002609303H", "G"), ("91350100M000100Y44", "3")],
)
def test_a_credit_code_with_a_wrong_check_character_says_what_it_should_be(code, expected):
    errors = errors_of(new_institution(credit_code=code))

    assert errors["credit_code"] == [
        f"The check character of this unified social credit code should be {expected}."
    ]


@pytest.mark.parametrize("code", ["1133078200260930", "11330782002609303GX"])
def test_a_credit_code_of_the_wrong_length_is_refused(code):
    errors = errors_of(new_institution(credit_code=code))

    assert "credit_code" in errors


def test_a_credit_code_with_letters_outside_its_alphabet_is_refused():
    # I, O, S, V and Z are not used; O in place of 0 is a common typing slip.
    errors = errors_of(new_institution(credit_code="1133O782002609303G"))

    assert "capital letters other than I, O, S, V and Z" in errors["credit_code"][0]


def test_the_database_refuses_a_credit_code_in_the_wrong_format():
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(credit_code="1133O782002609303G")


def test_two_institutions_cannot_share_a_credit_code():
    InstitutionFactory(credit_code=VALID_CREDIT_CODES[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(credit_code=VALID_CREDIT_CODES[0])


def test_many_institutions_may_have_no_credit_code():
    InstitutionFactory(credit_code="")
    InstitutionFactory(credit_code="")

    assert Institution.objects.filter(credit_code="").count() == 2


@pytest.mark.parametrize("code", ["123456789", "12345678901", "12345abcde"])
def test_a_school_code_that_is_not_ten_digits_is_refused_with_a_message(code):
    errors = errors_of(new_institution(school_code=code))

    assert "A school identification code is exactly 10 digits." in errors["school_code"]


@pytest.mark.parametrize("code", ["123456789", "12345abcde"])
def test_the_database_refuses_a_school_code_that_is_not_ten_digits(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        InstitutionFactory(school_code=code)


def test_a_ten_digit_school_code_is_accepted():
    new_institution(school_code="2133012345").full_clean()


def test_a_health_institution_has_no_school_code():
    institution = new_institution(kind=Kind.HEALTH, school_code="2133012345")

    assert errors_of(institution)["school_code"] == [
        "Only schools have a school identification code."
    ]


def test_a_school_cannot_have_a_hospital_category():
    institution = new_institution(kind=Kind.SCHOOL, category=Category.GENERAL_HOSPITAL)

    assert errors_of(institution)["category"] == [
        "This category does not belong to the chosen kind."
    ]


def test_a_new_institution_without_a_slug_validates():
    InstitutionFactory.build(region=RegionFactory(), slug="").full_clean()


def test_a_credit_code_typed_with_full_width_digits_is_refused_with_a_message():
    errors = errors_of(new_institution(credit_code="11３30782002609303G"))

    assert "capital letters other than I, O, S, V and Z" in errors["credit_code"][0]


def test_a_school_code_typed_in_full_width_digits_is_refused_with_a_message():
    errors = errors_of(new_institution(school_code="２１３３０１２３４５"))

    assert "A school identification code is exactly 10 digits." in errors["school_code"]


def test_the_factory_makes_valid_schools_and_health_institutions():
    for kind in Kind:
        InstitutionFactory(kind=kind).full_clean()


# The public address


def test_the_slug_is_made_from_the_pinyin_of_the_short_name():
    institution = InstitutionFactory(name="义乌市第六中学", short_name="义乌六中")

    assert institution.slug.isascii()
    assert "liu" in institution.slug
    assert "zhong" in institution.slug
    assert institution.slug == "yi-wu-liu-zhong"


def test_the_slug_reads_a_place_as_the_names_order_does():
    # 长治 is cháng zhì, which pypinyin's own dictionary reads as zhǎng zhì.
    institution = Institution(name="长治市第一中学")
    assert institution.slug_base() == "chang-zhi-shi-di-yi-zhong-xue"


def test_the_slug_falls_back_to_the_official_name():
    institution = InstitutionFactory(name="义乌市第六中学", short_name="")

    assert institution.slug == "yi-wu-shi-di-liu-zhong-xue"


def test_the_slug_stays_the_same_when_the_names_change():
    institution = InstitutionFactory(name="义乌市第六中学", short_name="义乌六中")

    institution.name = "义乌市第六高级中学"
    institution.short_name = "义乌六高"
    institution.save()

    institution.refresh_from_db()
    assert institution.slug == "yi-wu-liu-zhong"


def test_a_slug_already_taken_gets_a_number():
    first = InstitutionFactory(name="义乌市第六中学", short_name="义乌六中")
    second = InstitutionFactory(name="义乌市第六中学（南校区）", short_name="义乌六中")
    third = InstitutionFactory(name="义乌市第六中学（北校区）", short_name="义乌六中")

    assert [first.slug, second.slug, third.slug] == [
        "yi-wu-liu-zhong",
        "yi-wu-liu-zhong-2",
        "yi-wu-liu-zhong-3",
    ]


def test_a_slug_given_by_hand_is_kept():
    institution = InstitutionFactory(short_name="义乌六中", slug="yiwu-no6")

    assert institution.slug == "yiwu-no6"


def test_region_levels_are_the_three_of_the_design():
    assert {level.value for level in Region.Level} == {"province", "prefecture", "county"}


def test_a_schools_bureau_is_an_education_bureau_of_its_region_or_above():
    from institutions.models import Authority, Sector
    from tests.factories import AuthorityFactory

    city = RegionFactory(level=Region.Level.PREFECTURE)
    county = RegionFactory(parent=city)
    elsewhere = RegionFactory()
    health = AuthorityFactory(region=county, sector=Sector.HEALTH, name="测试县卫生健康局")
    other_place = AuthorityFactory(region=elsewhere, sector=Sector.EDUCATION)
    for authority in (health, other_place):
        school = new_institution(kind=Kind.SCHOOL, category=Category.PRIMARY, authority=authority)
        school.region = county
        assert "authority" in errors_of(school), authority
    for authority in (
        AuthorityFactory(region=county, sector=Sector.EDUCATION),
        AuthorityFactory(region=city, sector=Sector.EDUCATION),
    ):
        school = new_institution(kind=Kind.SCHOOL, category=Category.PRIMARY, authority=authority)
        school.region = county
        school.full_clean()
    assert Authority.objects.count() == 4


def test_an_institution_whose_bureau_predates_the_rule_saves_unchanged(django_assert_num_queries):
    from institutions.models import Sector
    from tests.factories import AuthorityFactory

    county = RegionFactory()
    health = AuthorityFactory(region=county, sector=Sector.HEALTH)
    school = InstitutionFactory(kind=Kind.SCHOOL, category=Category.PRIMARY, region=county)
    Institution.objects.filter(pk=school.pk).update(authority=health)
    stored = Institution.objects.get()
    stored.short_name = "新简称"
    # As the import checked a row before it left unwritten fields out: only the
    # bureau's key is checked; not its sector, the regions above, nor the ratings'
    # schemes, the kind being unchanged.
    with django_assert_num_queries(1):
        stored.full_clean(exclude=["region"], validate_unique=False, validate_constraints=False)
    stored.region = RegionFactory()
    assert "authority" in errors_of(stored)


def test_a_bureau_check_of_many_institutions_reads_the_region_tree_it_is_given(
    django_assert_num_queries,
):
    """An import links the regions it read to their parents: checking a row's bureau
    against its new region then reads nothing."""
    from institutions.models import Sector
    from tests.factories import AuthorityFactory

    city = RegionFactory(level=Region.Level.PREFECTURE)
    county = RegionFactory(parent=city)
    bureau = AuthorityFactory(region=city, sector=Sector.EDUCATION)
    school = Institution.objects.select_related("authority").get(
        pk=InstitutionFactory(kind=Kind.SCHOOL, category=Category.PRIMARY, authority=bureau).pk
    )
    regions = {r.pk: r for r in Region.objects.all()}
    for region in regions.values():
        if region.parent_id:
            region.parent = regions[region.parent_id]
    school.region = regions[county.pk]
    with django_assert_num_queries(0):
        assert school.authority_problem() is None
