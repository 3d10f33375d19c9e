from itertools import groupby
from operator import itemgetter

from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from evalsite.http import public
from evalsite.links import object_url, url_maker
from evalsite.markup import colon
from evalsite.pagecache import cached_page
from institutions.models import Category, Kind, Region
from plans.models import Commitment, Plan
from ratings.csvformat import stream_csv
from ratings.filters import AwardsFilter, star_label
from ratings.models import MAX_STARS, AwardEvent, Rating, Scheme

AWARDS_PER_PAGE = 50

# The awards page's heading for each star level: Chinese names the level in words
# (四星级, not 4星级).
STAR_HEADINGS = {
    1: gettext_lazy("One-star institutions of %(year)s"),
    2: gettext_lazy("Two-star institutions of %(year)s"),
    3: gettext_lazy("Three-star institutions of %(year)s"),
    4: gettext_lazy("Four-star institutions of %(year)s"),
    5: gettext_lazy("Five-star institutions of %(year)s"),
}

# A star level as a word of a sentence ("No five-star ratings of 2023 …"; 五星级).
STAR_LEVELS = {
    1: gettext_lazy("one-star"),
    2: gettext_lazy("two-star"),
    3: gettext_lazy("three-star"),
    4: gettext_lazy("four-star"),
    5: gettext_lazy("five-star"),
}


def stars_query(stars):
    """The query of an awards list (page or CSV) of `stars`: none for five, the default."""
    return "" if stars == MAX_STARS else f"?stars={stars}"


# The awards page's sections, one for each kind of institution.
KIND_HEADINGS = {
    Kind.SCHOOL: gettext_lazy("Schools"),
    Kind.HEALTH: gettext_lazy("Health institutions"),
}

# The heading of ratings whose source names no group.
NO_GROUP = gettext_lazy("Group not stated")

# How the source documents lay groups out: upper schools first.
GROUP_ORDER = ["高中组", "初中组", "小学组", "幼儿园组", "五星级医院", "医院组"]


def group_rank():
    return Case(
        *[When(group=name, then=Value(rank)) for rank, name in enumerate(GROUP_ORDER)],
        default=Value(len(GROUP_ORDER)),
        output_field=IntegerField(),
    )


def kind_rank():
    # A scheme rates one kind of institution: its kind is the rating's, without
    # joining the (large) institutions table.
    return Case(
        When(scheme__kind=Kind.SCHOOL, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def latest_award_year():
    return Rating.objects.latest_published_year()


def plans_by_institution(institution_ids, year):
    """The published plans of these institutions for `year`, by institution id, with
    only what a list shows, as plain dicts: `year`, `headline` and `commitments`
    (the commitments' (position, title) pairs, in order); two queries."""
    plans = {
        plan["pk"]: {**plan, "commitments": []}
        for plan in Plan.objects.published()
        .filter(institution_id__in=institution_ids, year=year, kind=Plan.Kind.PLAN)
        .values("pk", "institution_id", "year", "headline")
    }
    for plan_id, position, title in (
        Commitment.objects.filter(plan_id__in=plans)
        .order_by("plan_id", "position")
        .values_list("plan_id", "position", "title")
    ):
        plans[plan_id]["commitments"].append((position, title))
    return {plan["institution_id"]: plan for plan in plans.values()}


@public
@cached_page
def home(request):
    year = latest_award_year()
    context = {"year": year}
    if year is not None:
        ratings = Rating.objects.published().for_year(year)
        counts = ratings.aggregate(
            # institutions, each once though two schemes rated it five stars
            schools=Count(
                "institution", distinct=True, filter=Q(stars=MAX_STARS, scheme__kind=Kind.SCHOOL)
            ),
            health=Count(
                "institution", distinct=True, filter=Q(stars=MAX_STARS, scheme__kind=Kind.HEALTH)
            ),
            total=Count("pk"),
        )
        by_stars = dict(ratings.values_list("stars").annotate(n=Count("pk")).order_by())
        total = sum(by_stars.values())
        # The button leads to the five-star list, or, in a year without five-star
        # ratings, to the highest level that has some (not to an empty list).
        top = max(by_stars, default=MAX_STARS)
        context |= {
            "counts": counts,
            "top_list": {
                "level": STAR_LEVELS[top],
                "url": object_url("awards", year) + stars_query(top),
            },
            "distribution": [
                {
                    "stars": s,
                    "count": by_stars.get(s, 0),
                    # of all the year's ratings, in whole percent
                    "share": round(by_stars.get(s, 0) * 100 / total) if total else 0,
                }
                for s in range(MAX_STARS, 0, -1)
            ],
        }
    context["event"] = AwardEvent.objects.select_related("region", "source").first()
    context["regions"] = Region.objects.exclude(level=Region.Level.COUNTY).order_by("code")
    return render(request, "ratings/home.html", context)


@public
def awards_latest(request):
    year = latest_award_year()
    if year is None:
        return render(request, "ratings/awards.html", {"year": None, "years": []})
    query = request.GET.urlencode()
    return redirect(reverse("awards", args=[year]) + (f"?{query}" if query else ""))


def awards_filterset(request, year):
    """The published ratings of `year` as the awards page lists them, with its filters."""
    if not 1000 <= year <= 9999:
        raise Http404
    ratings = (
        Rating.objects.published()
        .for_year(year)
        # Within a group, institutions in the order they were entered (the order
        # of the source's list): sorting by name would read every institution,
        # and code-point order of Chinese names means little to readers anyway.
        # (Expressions in the ordering, not annotations: the paginator's count
        # then reads the ratings' index alone, without joining the schemes.)
        .order_by(kind_rank(), group_rank(), "group", "institution_id")
    )
    return AwardsFilter(request.GET, queryset=ratings)


def awardee_rows(ids, year):
    """The ratings with these ids, in this order, as the awards page lists them: plain
    dicts of what it shows, each with its published plan of `year` (`plan`:
    plans_by_institution's dict, or None); three queries."""
    by_id = {
        row["pk"]: row
        for row in Rating.objects.filter(pk__in=ids).values(
            "pk",
            "institution_id",
            "stars",
            "group",
            "scheme_id",
            name=F("institution__name"),
            slug=F("institution__slug"),
            kind=F("institution__kind"),
            category=F("institution__category"),
            region_code=F("institution__region__code"),
            region_name=F("institution__region__name"),
            scheme_name=F("scheme__name"),
            max_stars=F("scheme__max_stars"),
        )
    }
    rows = [by_id[pk] for pk in ids if pk in by_id]
    plans = plans_by_institution([row["institution_id"] for row in rows], year)
    institution_url, region_url, scheme_url = map(url_maker, ["institution", "region", "scheme"])
    categories = {value: str(label) for value, label in Category.choices}
    for row in rows:
        row["plan"] = plans.get(row["institution_id"])
        row["url"] = institution_url(row["slug"])
        row["region_url"] = region_url(row["region_code"])
        row["scheme_url"] = scheme_url(row["scheme_id"])
        row["category"] = categories.get(row["category"], row["category"])
    return rows


def awardees(ids, year):
    """The ratings with these ids, in this order, each with its published plan of `year`
    (`rating.plan`: plans_by_institution's dict, or None); three queries."""
    by_id = Rating.objects.select_related("institution__region", "scheme").in_bulk(ids)
    ratings = [by_id[pk] for pk in ids if pk in by_id]
    plans = plans_by_institution([r.institution_id for r in ratings], year)
    for rating in ratings:
        rating.plan = plans.get(rating.institution_id)
    return ratings


def filtered(filterset):
    """The filter set's rows, or none while a filter is not valid: a list is never
    shown under filters it does not apply."""
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def other_star_levels(filterset):
    """[{stars, count, label}] of the star levels at which the other filters list
    something, highest first: where the page points when the stars chosen list
    nothing (a year may have no five-star rating). One query."""
    counts = filterset.qs_at_any_stars().order_by().values_list("stars").annotate(n=Count("pk"))
    return [
        {"stars": stars, "count": n, "label": star_label(stars)}
        for stars, n in sorted(counts, reverse=True)
    ]


def filter_errors(filterset):
    """The filter set's errors as "label: message" lines."""
    form = filterset.form
    return [
        f"{form.fields[name].label}{colon()}{message}" if name in form.fields else message
        for name, messages in form.errors.items()
        for message in messages
    ]


@public
@cached_page
def awards(request, year):
    canonical = object_url("awards", year)
    if request.path != canonical:  # /awards/02024/: one address per year
        query = request.GET.urlencode()
        return redirect(canonical + (f"?{query}" if query else ""), permanent=True)
    filterset = awards_filterset(request, year)
    ids = filtered(filterset).values_list("pk", flat=True)
    page = Paginator(ids, AWARDS_PER_PAGE).get_page(request.GET.get("page"))
    shown = awardee_rows(list(page.object_list), year)
    sections = [
        {
            "kind": KIND_HEADINGS[kind],
            "groups": [
                {"name": name or NO_GROUP, "stated": bool(name), "ratings": list(rows)}
                for name, rows in groupby(kind_rows, key=itemgetter("group"))
            ],
        }
        for kind, kind_rows in groupby(shown, key=itemgetter("kind"))
    ]
    years = Rating.objects.published_years()
    stars = shown_stars(filterset)
    nothing_at_these_stars = not page.paginator.count and filterset.is_valid() and year in years
    # Suggestions for the group filter: the usual groups and those on this page
    # (asking the database for every group of the year would read the whole year).
    groups = dict.fromkeys([*GROUP_ORDER, *(row["group"] for row in shown)])
    return render(
        request,
        "ratings/awards.html",
        {
            "year": year,
            "years": years,
            "filter": filterset,
            "page": page,
            "sections": sections,
            "heading": STAR_HEADINGS[stars] % {"year": year},
            "level": STAR_LEVELS[stars],
            "other_stars": other_star_levels(filterset) if nothing_at_these_stars else [],
            # Filters beyond the stars, which every list has (five unless chosen).
            "filtered": any(request.GET.get(name) for name in filterset.filters if name != "stars"),
            "group_options": [g for g in groups if g],
            # The source may commend more than it names: its own count is shown
            # beside the list's, which holds only the named institutions.
            "counted_events": AwardEvent.objects.filter(date__year=year)
            .filter(Q(schools_commended__gt=0) | Q(health_commended__gt=0))
            .select_related("region")
            .order_by("date", "pk"),
        },
    )


@public
def awards_csv(request, year):
    """Every row of /awards/<year>/ with the same filters (all pages), as CSV for Excel;
    400, saying which filter and why, when a filter is not valid."""
    filterset = awards_filterset(request, year)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            "\n".join(filter_errors(filterset)) + "\n", content_type="text/plain; charset=utf-8"
        )
    response = StreamingHttpResponse(
        stream_csv(filterset.qs), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="awards-{year}.csv"'
    return response


def shown_stars(filterset):
    if filterset.is_valid() and filterset.form.cleaned_data.get("stars"):
        return int(filterset.form.cleaned_data["stars"])
    return MAX_STARS


@public
@cached_page
def scheme(request, pk):
    # Counting a scheme's ratings year by year reads all of them (50 ms for
    # 170,000 at province scale, with or without an index): cached when the
    # page cache is on.
    scheme = get_object_or_404(Scheme.objects.select_related("region", "source"), pk=pk)
    by_year = (
        Rating.objects.published()
        .filter(scheme=scheme)
        .values("year")
        .annotate(
            total=Count("pk"),
            # at the scheme's top level: three stars where three are the most it gives
            top=Count("pk", filter=Q(stars=scheme.max_stars)),
        )
        .order_by("-year")
    )
    return render(request, "ratings/scheme.html", {"scheme": scheme, "by_year": by_year})
