import django_filters
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from institutions.models import Kind, Region
from institutions.regions import region_and_descendant_ids, region_choices
from ratings.models import MAX_STARS, Rating


def star_label(n):
    return gettext("%(n)d stars") % {"n": n}


# Labels are translated when shown, in the visitor's language.
STAR_CHOICES = [(n, lazy(star_label, str)(n)) for n in range(MAX_STARS, 0, -1)]


class RegionCodeFilter(django_filters.ChoiceFilter):
    """A region by its GB/T 2260 code, including every region below it."""

    def __init__(self, *args, field_name="institution__region", **kwargs):
        kwargs.setdefault("empty_label", _("All regions"))
        super().__init__(*args, field_name=field_name, choices=region_choices, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        region = Region.objects.filter(code=value).first()
        if region is None:
            return qs.none()
        return qs.filter(**{f"{self.field_name}_id__in": region_and_descendant_ids(region)})


class AwardsFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="institution__kind", choices=Kind.choices, empty_label=_("All")
    )
    region = RegionCodeFilter(label=_("Region"))
    group = django_filters.CharFilter(label=_("Group"), field_name="group")
    stars = django_filters.ChoiceFilter(label=_("Stars"), choices=STAR_CHOICES, empty_label=None)

    class Meta:
        model = Rating
        fields = ["kind", "region", "group", "stars"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("stars"):
            data["stars"] = str(MAX_STARS)  # the awards page lists five-star ratings by default
        super().__init__(data, *args, **kwargs)
        self.form.fields["group"].widget = forms.TextInput(attrs={"list": "group-options"})
