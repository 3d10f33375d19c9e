"""Published data of a chosen size, for pages that must cost the same at any size."""

from decimal import Decimal

from institutions.models import Kind, Region
from tests.factories import (
    AuthorityFactory,
    CommitmentFactory,
    InstitutionFactory,
    PlanFactory,
    RatingFactory,
    RegionFactory,
    SchemeFactory,
    TargetFactory,
)


def build_world(size, year=2024):
    """`size` schools and `size` health institutions in one county, each with a
    published five-star rating and plan (3 commitments, 2 targets), plus a
    bureau plan; returns the county."""
    province = RegionFactory(code="330000", name="浙江省", level=Region.Level.PROVINCE)
    county = RegionFactory(code="330782", name="义乌市", level=Region.Level.COUNTY, parent=province)
    schemes = {kind: SchemeFactory(kind=kind, region=county) for kind in (Kind.SCHOOL, Kind.HEALTH)}
    for kind in (Kind.SCHOOL, Kind.HEALTH):
        for n in range(size):
            institution = InstitutionFactory(kind=kind, region=county)
            RatingFactory(
                institution=institution,
                scheme=schemes[kind],
                year=year,
                published=True,
                group="高中组" if kind == Kind.SCHOOL else "五星级医院",
                stars=5 if n % 3 else 4,
            )
            RatingFactory(
                institution=institution, scheme=schemes[kind], year=year - 1, published=True
            )
            add_plan(PlanFactory(institution=institution, year=year, published=True))
    authority = AuthorityFactory(region=county)
    add_plan(PlanFactory(authority_owned=True, authority=authority, year=year, published=True))
    return county


def add_plan(plan):
    commitments = [CommitmentFactory(plan=plan, position=p) for p in (1, 2, 3)]
    TargetFactory(plan=plan, commitment=commitments[0], position=1, actual=Decimal("120"))
    TargetFactory(plan=plan, commitment=commitments[1], position=2)
    return plan
