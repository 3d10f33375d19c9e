"""Published data as pages and the API both read it; query counts noted per function."""

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from evalsite.markup import enumeration
from institutions.filters import with_latest_rating
from institutions.models import Authority, Institution, ReadingOrder, Region
from institutions.regions import descendants
from plans.models import Commitment, Plan, Target
from ratings.models import MAX_STARS, Rating


def published_plans():
    """Published plans with their commitments and targets, in order; three queries."""
    return Plan.objects.published().prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("position")),
        Prefetch(
            "targets",
            queryset=Target.objects.select_related("indicator", "commitment").order_by(
                "position", "pk"
            ),
        ),
    )


def published_ratings_of(institution):
    """One query."""
    return list(
        Rating.objects.published()
        .filter(institution=institution)
        .select_related("scheme", "award_event", "source")
        .order_by("-year", "scheme__name")
    )


def published_plans_of(institution):
    """Three queries."""
    return list(
        published_plans().filter(institution=institution).select_related("source").order_by("-year")
    )


def region_summary(region):
    """A region's children, bureau plans, institutions (a lazy queryset) and star
    counts of its latest year with published ratings; nine queries plus the
    institutions'."""
    children = list(region.children.order_by("code"))
    pairs = list(Region.objects.values_list("pk", "parent_id"))
    region_ids = descendants(region.pk, pairs)
    # A region that holds every region (the province of a province's site) holds every
    # institution: its lists and counts need no filter, and the counts no join.
    everywhere = len(region_ids) == len(pairs)
    # Authorities are few: naming them lets the plans query use its authority index.
    authority_ids = list(
        Authority.objects.filter(region_id__in=region_ids).values_list("pk", flat=True)
    )
    plans = list(
        published_plans()
        .filter(authority_id__in=authority_ids)
        .select_related("authority", "source")
        .order_by("authority__name", "-year", "kind")
    )
    institutions = Institution.objects.select_related("region")
    if not everywhere:
        institutions = institutions.filter(region_id__in=region_ids)
    institutions = with_latest_rating(institutions).order_by(ReadingOrder("reading_key"), "pk")
    # Star counts of the region's latest year with published ratings.
    ratings = Rating.objects.published()
    if not everywhere:
        ratings = ratings.filter(institution__region_id__in=region_ids)
    latest_year = ratings.latest_published_year()
    counts = {}
    if latest_year:
        ratings = ratings.filter(year=latest_year)
        # Institutions, not ratings: one rated by two schemes the same year is one.
        counts = dict(
            ratings.values_list("stars").annotate(n=Count("institution", distinct=True)).order_by()
        )
    return {
        "region": region,
        "children": children,
        "plans": plans,
        "institutions": institutions,
        "latest_year": latest_year,
        "star_counts": [(s, counts.get(s, 0)) for s in range(MAX_STARS, 0, -1)],
    }


# How many names an entry that fits several institutions shows.
NAMES_SHOWN = 5


def institutions_named(entries):
    """The institution each entry names, by its address (slug), its official name, its
    short name or, failing those, as the one institution whose names contain the
    entry: ({entry: institution}, errors saying which entries name none or several,
    and which name one institution between them). One query, and one more for each
    entry no address or whole name fits."""
    exact = list(
        Institution.objects.filter(
            Q(slug__in=entries) | Q(name__in=entries) | Q(short_name__in=entries)
        ).select_related("region")
    )
    found, unknown, errors = {}, [], []
    for entry in entries:
        fits = (
            [i for i in exact if i.slug == entry]
            or [i for i in exact if i.name == entry]
            or [i for i in exact if i.short_name == entry]
            or list(
                Institution.objects.search(entry)
                .select_related("region")
                .order_by(ReadingOrder("reading_key"), "pk")[: NAMES_SHOWN + 1]
            )
        )
        if not fits:
            unknown.append(entry)
        elif len(fits) > 1:
            names = enumeration(i.name for i in fits[:NAMES_SHOWN])
            errors.append(
                _(
                    "“%(entry)s” fits several institutions, such as %(names)s: "
                    "enter more of the name."
                )
                % {"entry": entry, "names": names}
            )
        else:
            found[entry] = fits[0]
    if unknown:
        errors.append(
            _("No institution has the name or address %(entries)s.")
            % {"entries": enumeration(unknown)}
        )
    named_by = {}  # institution id: the entries naming it
    for entry, institution in found.items():
        named_by.setdefault(institution.pk, []).append(entry)
    for named in named_by.values():
        if len(named) > 1:
            errors.append(
                _("%(entries)s are the same institution, %(name)s.")
                % {"entries": enumeration(f"“{e}”" for e in named), "name": found[named[0]].name}
            )
    return found, errors
