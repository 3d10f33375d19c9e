import django_filters
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from institutions.models import Category, Institution, Kind
from ratings.filters import (
    KIND_INVALID,
    STAR_CHOICES,
    STARS_INVALID,
    RegionCodeFilter,
    RegionTreeFilterSet,
)
from ratings.models import Rating


def with_latest_rating(queryset):
    """Annotate each institution with the stars, year and scheme of its latest published
    rating, and the most stars that scheme gives (latest_stars, latest_year,
    latest_scheme, latest_max_stars: a list draws "3 of 3 stars", not "3 of 5")."""
    latest = Rating.objects.published().filter(institution=OuterRef("pk")).order_by("-year", "-pk")
    return queryset.annotate(
        latest_stars=Subquery(latest.values("stars")[:1]),
        latest_year=Subquery(latest.values("year")[:1]),
        latest_scheme=Subquery(latest.values("scheme_id")[:1]),
        latest_max_stars=Subquery(latest.values("scheme__max_stars")[:1]),
    )


class InstitutionFilter(RegionTreeFilterSet):
    q = django_filters.CharFilter(label=_("Search names"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Kind.choices, empty_label=_("All"), error_messages=KIND_INVALID
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=Category.choices,
        empty_label=_("All"),
        error_messages={"invalid_choice": _("“%(value)s” is not a category of institution.")},
    )
    region = RegionCodeFilter(label=_("Region"), field_name="region")
    stars = django_filters.ChoiceFilter(
        label=_("Latest stars"),
        choices=STAR_CHOICES,
        field_name="latest_stars",
        empty_label=_("Any"),
        error_messages=STARS_INVALID,
    )

    class Meta:
        model = Institution
        fields = ["q", "kind", "category", "region", "stars"]

    def search(self, queryset, name, value):
        return queryset.search(value[:100])
