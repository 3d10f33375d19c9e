# ruff: noqa: E501  (a table: one line a field reads best)
"""The data dictionary of the JSON API: every field, what it means, its type and values.

tests/api/test_data_dictionary.py checks that every serializer field is listed here.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evalsite.markup import in_chinese
from institutions.models import Category, Kind, Ownership, Region
from plans.models import Commitment, Comparator, Plan, TargetStatus

# The Type column in the page's language (an object is named as the Object column
# names it: "array of rating").
TYPES = {
    "string": pgettext_lazy("JSON type", "string"),
    "array of string": pgettext_lazy("JSON type", "array of string"),
    "string or null": pgettext_lazy("JSON type", "string or null"),
    "integer": pgettext_lazy("JSON type", "integer"),
    "integer or null": pgettext_lazy("JSON type", "integer or null"),
    "boolean": pgettext_lazy("JSON type", "boolean"),
    "date-time": pgettext_lazy("JSON type", "date-time"),
    "date or null": pgettext_lazy("JSON type", "date or null"),
    "decimal string or null": pgettext_lazy("JSON type", "decimal string or null"),
    "object": pgettext_lazy("JSON type", "object"),
    "object or null": pgettext_lazy("JSON type", "object or null"),
    "array": pgettext_lazy("JSON type", "array"),
    "region": pgettext_lazy("JSON type", "region"),
    "region or null": pgettext_lazy("JSON type", "region or null"),
    "array of region": pgettext_lazy("JSON type", "array of region"),
    "array of rating": pgettext_lazy("JSON type", "array of rating"),
    "array of plan": pgettext_lazy("JSON type", "array of plan"),
    "array of commitment": pgettext_lazy("JSON type", "array of commitment"),
    "array of target": pgettext_lazy("JSON type", "array of target"),
}


def codes(choices):
    """The codes with their meaning in the page's language: school（学校）、health（…）
    in Chinese, school (school), health (health institution) in English."""
    if in_chinese():
        return "、".join(f"{value}（{label}）" for value, label in choices)
    return ", ".join(f"{value} ({label})" for value, label in choices)


def fields():
    """(object, field, meaning, type, unit or allowed values), the type in the page's
    language."""
    return [
        (obj, field, meaning, TYPES[kind], values) for obj, field, meaning, kind, values in rows()
    ]


def rows():
    """The rows of fields(), each type as its key in TYPES (the English name, which
    fields() translates)."""
    return [
        (
            "institution",
            "slug",
            _("Stable key of the institution; its page is /institutions/<slug>/."),
            "string",
            "",
        ),
        ("institution", "name", _("Official name."), "string", ""),
        ("institution", "short_name", _("Short name in common use."), "string", ""),
        ("institution", "aliases", _("Other names in use."), "array of string", ""),
        ("institution", "kind", _("Kind of institution."), "string", codes(Kind.choices)),
        ("institution", "category", _("Category."), "string", codes(Category.choices)),
        ("institution", "ownership", _("Public or private."), "string", codes(Ownership.choices)),
        ("institution", "region", _("The region the institution is in."), "region", ""),
        ("institution", "authority", _("The bureau in charge, if known."), "string or null", ""),
        (
            "institution",
            "credit_code",
            _("统一社会信用代码 (GB 32100-2015), if known."),
            "string",
            _("18 characters"),
        ),
        ("institution", "school_code", _("学校标识码, if known."), "string", _("10 digits")),
        ("institution", "is_active", _("False once the institution has closed."), "boolean", ""),
        (
            "institution",
            "latest_stars",
            _("Stars of its latest published rating (list only)."),
            "integer or null",
            "1–5",
        ),
        (
            "institution",
            "latest_year",
            _("Year of its latest published rating (list only)."),
            "integer or null",
            "",
        ),
        (
            "institution",
            "updated_at",
            _("When the institution's record last changed."),
            "date-time",
            "ISO 8601",
        ),
        (
            "institution",
            "ratings",
            _("Its published ratings, newest first."),
            "array of rating",
            "",
        ),
        ("institution", "plans", _("Its published plans, newest first."), "array of plan", ""),
        ("region", "code", _("GB/T 2260 code."), "string", _("6 digits")),
        ("region", "name", _("Name."), "string", ""),
        ("region", "level", _("Administrative level."), "string", codes(Region.Level.choices)),
        ("region", "parent", _("The region above (region endpoint)."), "region or null", ""),
        (
            "region",
            "children",
            _("The regions directly below (region endpoint)."),
            "array of region",
            "",
        ),
        ("region", "institution_count", _("Institutions in the region and below."), "integer", ""),
        (
            "region",
            "latest_year",
            _("Latest year with published ratings in the region."),
            "integer or null",
            "",
        ),
        (
            "region",
            "star_counts",
            _("Published ratings of that year by stars: {stars, count}."),
            "array",
            "",
        ),
        (
            "region",
            "authorities",
            _("Bureaus of the region with their published plans: {authority, sector, plans}."),
            "array",
            "",
        ),
        ("rating", "year", _("The year the stars are conferred and named by."), "integer", ""),
        ("rating", "stars", _("Stars awarded."), "integer", "1–5"),
        (
            "rating",
            "group",
            _("The group (组别) rated in, as the source names it."),
            "string",
            _("e.g. 高中组, 初中组, 五星级医院"),
        ),
        (
            "rating",
            "scheme",
            _("The evaluation scheme: {id, name, operator, kind, max_stars}."),
            "object",
            "",
        ),
        (
            "rating",
            "award_event",
            _("The occasion it was announced at: {name, date}."),
            "object or null",
            "",
        ),
        (
            "award",
            "institution",
            _("{slug, name, short_name, kind, category} of the awardee."),
            "object",
            "",
        ),
        (
            "award",
            "plan",
            _("The awardee's published plan of that year: {year, headline, commitments (titles)}."),
            "object or null",
            "",
        ),
        ("plan", "year", _("Year of the plan or report."), "integer", ""),
        (
            "plan",
            "kind",
            _("A plan for the year, or a report of its results."),
            "string",
            codes(Plan.Kind.choices),
        ),
        ("plan", "headline", _("Headline as the source states it."), "string", ""),
        ("plan", "summary", _("Summary as the source states it."), "string", ""),
        (
            "plan",
            "source",
            _(
                "The source document: {title, publisher, date, written_date, index_number, "
                "url}; date is when it was published, written_date when it was written "
                "(either may be null)."
            ),
            "object or null",
            "",
        ),
        (
            "plan",
            "commitments",
            _("Numbered items of the plan, in order."),
            "array of commitment",
            "",
        ),
        ("plan", "targets", _("Figures of the plan, in order."), "array of target", ""),
        ("commitment", "position", _("Number of the item within its plan."), "integer", ""),
        ("commitment", "title", _("Short title."), "string", ""),
        ("commitment", "text", _("Full text as the source states it."), "string", ""),
        ("commitment", "theme", _("Theme, if given."), "string", ""),
        (
            "commitment",
            "status",
            _("Status entered by the bureau."),
            "string",
            codes(Commitment.Status.choices),
        ),
        (
            "commitment",
            "progress",
            _("Progress entered by the bureau."),
            "integer",
            _("percent, 0–100"),
        ),
        ("target", "position", _("Order within the plan."), "integer", ""),
        ("target", "indicator", _("What is measured."), "string", ""),
        (
            "target",
            "unit",
            _("Unit of every figure of the target, as the source writes it."),
            "string",
            _("e.g. 所, 个, 人次, %, 万元, 亿元"),
        ),
        (
            "target",
            "commitment",
            _("Position of the commitment it belongs to."),
            "integer or null",
            "",
        ),
        (
            "target",
            "comparator",
            _("How the actual is compared with the target."),
            "string",
            codes(Comparator.choices) + _("; empty for a result without a target"),
        ),
        ("target", "target", _("Target value."), "decimal string or null", _("in unit")),
        ("target", "baseline", _("Starting value."), "decimal string or null", _("in unit")),
        ("target", "baseline_label", _("When the baseline was measured."), "string", ""),
        ("target", "actual", _("Value reached."), "decimal string or null", _("in unit")),
        ("target", "actual_date", _("Date of the actual value."), "date or null", "YYYY-MM-DD"),
        (
            "target",
            "status",
            _("Derived from comparator, target and actual."),
            "string",
            codes(TargetStatus.choices),
        ),
        (
            "target",
            "progress",
            _("Derived percent of the way from baseline (or zero) to the target."),
            "integer or null",
            "0–100",
        ),
        ("target", "quote", _("The sentence of the source the figure comes from."), "string", ""),
    ]
