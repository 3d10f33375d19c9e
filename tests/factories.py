"""One factory per model. Every default makes a valid row that passes `full_clean()`.

Health institutions: `InstitutionFactory(kind=Kind.HEALTH)` picks a health category,
and `RatingFactory(institution__kind=Kind.HEALTH)` gives the rating a health scheme.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from institutions.models import Authority, Category, Institution, Kind, Region, Sector, Source
from plans.models import Commitment, Comparator, Indicator, Plan, Target
from ratings.models import AwardEvent, Rating, Scheme


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"关于公布第{n}批综合评价结果的通知")
    publisher = "测试市教育局"
    date = datetime.date(2024, 2, 20)


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    # Far from real GB/T 2260 codes (330782 …) that tests may spell out.
    code = factory.Sequence(lambda n: f"{339000 + n:06d}")
    name = factory.Sequence(lambda n: f"测试区{n}")
    level = Region.Level.COUNTY
    parent = None


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"测试市第{n}教育局")
    region = factory.SubFactory(RegionFactory)
    sector = Sector.EDUCATION


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    kind = Kind.SCHOOL
    name = factory.LazyAttributeSequence(
        lambda o, n: f"测试市第{n}中学" if o.kind == Kind.SCHOOL else f"测试市第{n}医院"
    )
    category = factory.LazyAttribute(
        lambda o: Category.JUNIOR if o.kind == Kind.SCHOOL else Category.GENERAL_HOSPITAL
    )
    region = factory.SubFactory(RegionFactory)


class SchemeFactory(DjangoModelFactory):
    class Meta:
        model = Scheme

    kind = Kind.SCHOOL
    name = factory.LazyAttributeSequence(
        lambda o, n: (
            f"测试市中小学校综合评价{n}"
            if o.kind == Kind.SCHOOL
            else f"测试市医疗卫生机构综合评价{n}"
        )
    )
    operator = "测试市"
    region = factory.SubFactory(RegionFactory)
    max_stars = 5


class AwardEventFactory(DjangoModelFactory):
    class Meta:
        model = AwardEvent

    name = factory.Sequence(lambda n: f"第{n}届总结表彰大会")
    date = datetime.date(2024, 2, 20)
    region = factory.SubFactory(RegionFactory)


class RatingFactory(DjangoModelFactory):
    """A five-star 2024 draft; `RatingFactory(published=True)` for a published one."""

    class Meta:
        model = Rating

    class Params:
        published = factory.Trait(
            is_published=True, published_at=factory.LazyFunction(timezone.now)
        )

    institution = factory.SubFactory(InstitutionFactory)
    # A scheme rates one kind of institution: follow the institution's.
    scheme = factory.SubFactory(
        SchemeFactory,
        kind=factory.SelfAttribute("..institution.kind"),
        region=factory.SelfAttribute("..institution.region"),
    )
    year = 2024
    stars = 5
    group = "初中组"
    is_published = False


class PlanFactory(DjangoModelFactory):
    """An institution's 2024 draft plan; `authority_owned=True` for a bureau's."""

    class Meta:
        model = Plan

    class Params:
        published = factory.Trait(
            is_published=True, published_at=factory.LazyFunction(timezone.now)
        )
        authority_owned = factory.Trait(
            institution=None, authority=factory.SubFactory(AuthorityFactory)
        )

    institution = factory.SubFactory(InstitutionFactory)
    authority = None
    year = 2024
    headline = factory.Sequence(lambda n: f"促创新 强特色 推动高质量发展（{n}）")
    is_published = False


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    plan = factory.SubFactory(PlanFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"实施第{n}项工程")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"新建学校数{n}")
    unit = "所"


class TargetFactory(DjangoModelFactory):
    """≥ 100 with no result yet (pending)."""

    class Meta:
        model = Target

    plan = factory.SubFactory(PlanFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    position = factory.Sequence(lambda n: n + 1)
    comparator = Comparator.GTE
    target_value = Decimal("100")
    actual = None
