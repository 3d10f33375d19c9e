"""The ratings CSV: one format for the public award lists, the admin export,
`export_ratings` and `import_ratings`.

Headers follow the active language; the import accepts either language. Values
are written as people read them (高中组, 学校), plus the stable keys an import
needs (institution slug, region code, scheme, year).
"""

import csv
import io
from dataclasses import dataclass
from itertools import islice

from django.db import connections, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from institutions.models import Category, Kind

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy translation
    description: object
    type: str
    importable: bool = False
    required: bool = False
    # Other headers bureau sheets give the column, read as its own.
    also: tuple = ()


COLUMNS = [
    Column(
        "institution_slug",
        _("Institution address"),
        _("The institution's stable key: the last part of its page address."),
        _("text (ASCII)"),
        importable=True,
    ),
    Column(
        "institution",
        _("Institution"),
        _("Official name of the institution."),
        _("text"),
        importable=True,
        also=("机构名称", "单位名称", "学校名称", "医院名称", "学校", "单位"),
    ),
    Column(
        "short_name",
        _("Short name"),
        _("The short name in common use."),
        _("text"),
        also=("机构简称", "学校简称"),
    ),
    Column("kind", _("Kind"), _("School or health institution."), _("text"), also=("机构类型",)),
    Column(
        "category",
        _("Category"),
        _("Category of the institution."),
        _("text"),
        also=("机构类别", "学校类别"),
    ),
    Column(
        "region_code",
        _("Region code"),
        _("GB/T 2260 code of the institution's region."),
        _("6 digits"),
        also=("行政区划代码", "区划代码"),
    ),
    Column("region", _("Region"), _("Name of the institution's region."), _("text")),
    Column(
        "credit_code",
        _("Unified social credit code"),
        _("统一社会信用代码 of the institution, if known; used to match imported rows."),
        _("18 characters"),
        importable=True,
        also=("社会信用代码", "信用代码"),
    ),
    Column(
        "school_code",
        _("School identification code"),
        _("学校标识码 of the school, if known; used to match imported rows."),
        _("10 digits"),
        importable=True,
    ),
    Column(
        "scheme",
        _("Scheme"),
        _("Name of the evaluation scheme."),
        _("text"),
        importable=True,
        required=True,
        also=("评价项目",),
    ),
    Column(
        "year",
        _("Year"),
        _("The year the stars are conferred and named by."),
        _("integer"),
        importable=True,
        required=True,
        also=("年份", "评价年度"),
    ),
    Column(
        "stars",
        _("Stars"),
        _("Stars awarded, from 1 to the scheme's maximum (5)."),
        _("integer 1–5"),
        importable=True,
        required=True,
        also=("评价星级", "评定星级", "星级评定"),
    ),
    Column(
        "group",
        _("Group"),
        _("The group (组别) the institution was rated in."),
        _("text"),
        importable=True,
        also=("参评组别",),
    ),
    Column(
        "award_event", _("Award event"), _("The occasion the rating was announced at."), _("text")
    ),
    Column(
        "published",
        _("Published"),
        _("Whether the rating is published (public files hold published ratings only)."),
        _("yes / no"),
    ),
]
KEYS = [c.key for c in COLUMNS]
BY_KEY = {c.key: c for c in COLUMNS}


def header_aliases():
    """Every header the import recognises, in any language, case-folded, mapped to its
    column key."""
    aliases = {}
    for column in COLUMNS:
        aliases[column.key] = column.key
        aliases.update(dict.fromkeys(column.also, column.key))
        for language in ("zh-hans", "en"):
            with translation.override(language):
                aliases[str(column.label).casefold()] = column.key
    return aliases


# A value starting with an apostrophe gets another, so that the import, which
# takes one off, reads it back as it was.
FORMULA_FIRST = frozenset((*FORMULA_STARTS, "'"))


def neutralise(value):
    """Keep a spreadsheet from running a cell as a formula (runs for every cell: kept lean)."""
    if not value:
        return "" if value is None else value
    text = value if value.__class__ is str else str(value)
    return "'" + text if text[0] in FORMULA_FIRST else text


# The columns a rating row needs, fetched without model instances (flat memory).
ROW_FIELDS = [
    "institution__slug",
    "institution__name",
    "institution__short_name",
    "institution__kind",
    "institution__category",
    "institution__region__code",
    "institution__region__name",
    "institution__credit_code",
    "institution__school_code",
    "scheme__name",
    "year",
    "stars",
    "group",
    "award_event__name",
    "is_published",
]


# Rows read from the database at a time.
ROWS_PER_READ = 5000


def row_values(queryset):
    """Rows of the export as tuples, read in chunks from the database.

    Inside a transaction PostgreSQL streams the rows from its cursor; outside
    one, Django must declare the cursor WITH HOLD, which computes the whole
    result before the first row. The planner is told every row will be read,
    so it plans as for COPY rather than for a quick first few rows.
    """
    rows = queryset.values_list(*ROW_FIELDS).iterator(chunk_size=ROWS_PER_READ)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        # Not in a transaction: SQLite's take the write lock as they begin (see the
        # settings), which a download would hold for as long as it lasts. (Its
        # reads between writes are the write-ahead log's: they block no write.)
        yield from rows
        return
    with transaction.atomic(using=queryset.db):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from rows


def labels():
    """Display values in the active language, looked up once per file."""
    return {
        "kind": {k: str(v) for k, v in Kind.choices},
        "category": {k: str(v) for k, v in Category.choices},
        "published": {True: str(_("yes")), False: str(_("no"))},
    }


def format_row(values, names):
    (slug, name, short, kind, category, region_code, region, credit_code, school_code,
     scheme, year, stars, group, event, published) = values  # fmt: skip
    # Codes and numbers cannot start like a formula; text (a slug may start with "-") can.
    return [
        neutralise(slug),
        neutralise(name),
        neutralise(short),
        names["kind"].get(kind, kind),
        names["category"].get(category, category),
        region_code,
        neutralise(region),
        credit_code,
        school_code,
        neutralise(scheme),
        year,
        stars,
        neutralise(group),
        neutralise(event or ""),
        names["published"][published],
    ]


ROWS_PER_CHUNK = 2000


def stream_csv(queryset, bom=True):
    """The CSV text of `queryset`'s ratings, header first, in chunks of rows.

    Memory stays flat: rows are read from the database and written out a
    chunk at a time. Headers and labels are translated now, in the request's
    language, not later when the server iterates the generator.
    """
    names = labels()
    header = [str(c.label) for c in COLUMNS]

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write(BOM if bom else "")
        writer.writerow(header)
        rows = row_values(queryset)
        while chunk := list(islice(rows, ROWS_PER_CHUNK)):
            writer.writerows([format_row(values, names) for values in chunk])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    return chunks()
