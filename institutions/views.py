from itertools import groupby
from operator import attrgetter

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from evalsite.http import public
from evalsite.pagecache import cached_page
from institutions.filters import InstitutionFilter, with_latest_rating
from institutions.models import Institution, Region
from institutions.queries import (
    institutions_named,
    published_plans_of,
    published_ratings_of,
    region_summary,
)
from institutions.tables import CappedCountPaginator, DirectoryPaginator, InstitutionTable
from plans.models import Commitment, Plan
from ratings.models import MAX_STARS, Rating

COMPARE_MAX = 4
REGION_INSTITUTIONS_PER_PAGE = 50
DIRECTORY_FIELDS = ["name", "short_name", "slug", "category", "region_id"]


class DirectoryView(SingleTableMixin, FilterView):
    http_method_names = ["get", "head"]
    template_name = "institutions/directory.html"
    table_class = InstitutionTable
    filterset_class = InstitutionFilter
    table_pagination = {
        "per_page": DirectoryPaginator.default_per_page,
        "paginator_class": DirectoryPaginator,
    }
    # While a filter is not valid, the form says why and nothing is listed (the
    # django-filter default): never a list under filters it does not apply.

    def get_queryset(self):
        # Region names come from the filter's region tree, read anyway for its
        # choices: joining the regions would join every match before the sort.
        return with_latest_rating(Institution.objects.only(*DIRECTORY_FIELDS))

    def searching(self):
        return bool(self.request.GET.get("q", "").strip())

    def get_table_kwargs(self):
        return {"searching": self.searching()}

    def get_table_pagination(self, table):
        pagination = super().get_table_pagination(table)
        if self.searching():
            pagination["paginator_class"] = CappedCountPaginator
        return pagination


def rating_chart(ratings):
    """Bars for a star history, drawn server-side as SVG: one bar a year."""
    bar_width, gap, height = 36, 12, 120
    bars = []
    for index, rating in enumerate(sorted(ratings, key=lambda r: r.year)):
        bar_height = rating.stars * (height - 44) // MAX_STARS
        x = 10 + index * (bar_width + gap)
        bars.append(
            {
                "x": x,
                "y": height - 20 - bar_height,
                "height": bar_height,
                "width": bar_width,
                "year": rating.year,
                "stars": rating.stars,
                "label_x": x + bar_width // 2,
                "value_y": height - 24 - bar_height,
            }
        )
    return {"bars": bars, "width": 20 + len(bars) * (bar_width + gap), "height": height}


@public
@cached_page
def institution(request, slug):
    institution = get_object_or_404(
        Institution.objects.select_related("region__parent__parent", "authority", "source"),
        slug=slug,
    )
    ratings = published_ratings_of(institution)
    plans = published_plans_of(institution)
    sources = {r.source for r in ratings if r.source} | {p.source for p in plans if p.source}
    if institution.source:
        sources.add(institution.source)
    updated = max(
        [institution.updated_at, *(r.updated_at for r in ratings), *(p.updated_at for p in plans)]
    )
    return render(
        request,
        "institutions/institution.html",
        {
            "institution": institution,
            "ratings": ratings,
            "chart": rating_chart(ratings),
            "plans": plans,
            "sources": sorted(sources, key=lambda s: s.title),
            "updated": updated,
        },
    )


@public
@cached_page
def region(request, code):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    summary = region_summary(region)
    page = Paginator(summary["institutions"], REGION_INSTITUTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    plans_by_authority = [
        (authority, list(plans))
        for authority, plans in groupby(summary["plans"], key=attrgetter("authority"))
    ]
    return render(
        request,
        "institutions/region.html",
        {**summary, "page": page, "plans_by_authority": plans_by_authority},
    )


@public
def compare(request):
    # No name is longer than 100 characters (nor any address).
    asked = list(dict.fromkeys(e.strip()[:100] for e in request.GET.getlist("i") if e.strip()))
    # Entries are looked up before the limit applies (two may name one institution),
    # but no more of them than a full comparison could want.
    entries = asked[: 2 * COMPARE_MAX]
    found, errors = institutions_named(entries)
    chosen = list({i.pk: i for i in found.values()}.values())  # in the entries' order
    unknown = [e for e in entries if e not in found]
    asked_for = len(chosen) + len(unknown) + len(asked) - len(entries)
    if asked_for > COMPARE_MAX:
        errors.append(
            _("You can compare at most %(max)d institutions at a time; you asked for %(n)d.")
            % {"max": COMPARE_MAX, "n": asked_for}
        )
        chosen = chosen[:COMPARE_MAX]
    slugs = [i.slug for i in chosen]
    if not errors and slugs != entries:
        # Chosen by name: the comparison's own address is by the institutions'.
        return redirect(f"{reverse('compare')}?{urlencode([('i', slug) for slug in slugs])}")
    # The form names the institutions found, then what found none, as typed.
    slots = [i.name for i in chosen] + unknown
    ratings_by = {}
    for rating in (
        Rating.objects.published()
        .filter(institution__in=chosen)
        .select_related("scheme")
        .order_by("-year")
    ):
        ratings_by.setdefault(rating.institution_id, []).append(rating)
    plans_by = {}
    for plan in (
        Plan.objects.published()
        .filter(institution__in=chosen, kind=Plan.Kind.PLAN)
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.order_by("position")))
        .order_by("-year")
    ):
        plans_by.setdefault(plan.institution_id, plan)
    columns = []
    for item in chosen:
        ratings = ratings_by.get(item.pk, [])
        plan = plans_by.get(item.pk)
        commitments = list(plan.commitments.all()) if plan else []
        columns.append(
            {
                "institution": item,
                "latest": ratings[0] if ratings else None,
                "ratings": ratings,
                "plan": plan,
                "commitments": commitments,
                "average_progress": (
                    sum(c.progress for c in commitments) // len(commitments)
                    if commitments
                    else None
                ),
            }
        )
    return render(
        request,
        "institutions/compare.html",
        {
            "columns": columns,
            "errors": errors,
            "slots": [*slots, *[""] * (COMPARE_MAX - len(slots))][:COMPARE_MAX],
            "too_few": len(chosen) < 2 and not errors,
        },
    )
