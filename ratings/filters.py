import django_filters
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from institutions.models import Kind
from institutions.regions import RegionTree
from ratings.models import MAX_STARS, Rating


def star_label(n):
    return ngettext("%(n)d star", "%(n)d stars", n) % {"n": n}


# Labels are translated when shown, in the visitor's language.
STAR_CHOICES = [(n, lazy(star_label, str)(n)) for n in range(MAX_STARS, 0, -1)]

# What a filter says of a value no choice has (from an edited address): specific,
# where Django would only say "not one of the available choices".
STARS_INVALID = {"invalid_choice": _("Stars are a whole number from 1 to 5, not “%(value)s”.")}
KIND_INVALID = {
    "invalid_choice": _("“%(value)s” is not a kind of institution: use school or health.")
}
REGION_INVALID = {"invalid_choice": _("No region has the code “%(value)s”.")}


class RegionCodeFilter(django_filters.ChoiceFilter):
    """A region by its GB/T 2260 code, including every region below it.

    For a RegionTreeFilterSet, whose `regions` (a RegionTree) gives both the
    choices and the regions below the one chosen: the region table is read
    once a request."""

    def __init__(self, *args, field_name="institution__region", **kwargs):
        kwargs.setdefault("empty_label", _("All regions"))
        kwargs.setdefault("error_messages", REGION_INVALID)
        super().__init__(*args, field_name=field_name, **kwargs)

    def bind_regions(self, regions):
        self.extra["choices"] = regions.choices
        self.regions = regions

    def filter(self, qs, value):
        if not value:
            return qs
        ids = self.regions.ids_below(value)
        if ids is None:
            return qs.none()
        return qs.filter(**{f"{self.field_name}_id__in": ids})


class RegionTreeFilterSet(django_filters.FilterSet):
    """A filter set whose region filters share one read of the region table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = RegionTree()
        for filter_ in self.filters.values():
            if isinstance(filter_, RegionCodeFilter):
                filter_.bind_regions(self.regions)


class AwardsFilter(RegionTreeFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="institution__kind",
        choices=Kind.choices,
        empty_label=_("All"),
        error_messages=KIND_INVALID,
    )
    region = RegionCodeFilter(label=_("Region"))
    group = django_filters.CharFilter(label=_("Group"), field_name="group")
    stars = django_filters.ChoiceFilter(
        label=_("Stars"), choices=STAR_CHOICES, empty_label=None, error_messages=STARS_INVALID
    )

    class Meta:
        model = Rating
        fields = ["kind", "region", "group", "stars"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("stars"):
            data["stars"] = str(MAX_STARS)  # the awards page lists five-star ratings by default
        super().__init__(data, *args, **kwargs)
        self.form.fields["group"].widget = forms.TextInput(attrs={"list": "group-options"})

    def qs_at_any_stars(self):
        """The rows of the other filters (kind, region, group) at every star level: what
        the page can point to when the stars chosen list nothing. Valid filters only."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != "stars":
                queryset = self.filters[name].filter(queryset, value)
        return queryset
