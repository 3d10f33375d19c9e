"""Import institutions from CSV or an Excel workbook, all or nothing.

The file has the institution columns of the ratings CSV (机构, 类型, 类别, 地区代码,
and optionally 机构网址名, 简称, 统一社会信用代码, 学校标识码, and 地区, which must
name the code's region): a bureau's list of its schools, or a ratings export, whose
other columns are reported as not imported. A row is
matched to an existing institution by its address (slug), else its credit
code, school code or official name, and updates it; otherwise it is new. Every
row is checked as the admin's form would check it before anything is written.
"""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evalsite.history import write_in_bulk
from evalsite.markup import enumeration
from institutions.models import Category, Institution, Kind, Region
from ratings.csvformat import BY_KEY
from ratings.importer import (
    SCIENTIFIC,
    ImportFailed,
    Problem,
    RowPlan,
    TableImport,
    disagreement,
    fetch,
    long_number_problem,
    shown_as,
    taken_for_a_number,
)

# Column key → the model field it sets.
FIELDS = {
    "institution_slug": "slug",
    "institution": "name",
    "short_name": "short_name",
    "kind": "kind",
    "category": "category",
    "region_code": "region",
    "credit_code": "credit_code",
    "school_code": "school_code",
}
COLUMN_OF = {field: key for key, field in FIELDS.items()}
# Fields an import may change on an existing institution (its address stays).
CHANGEABLE = ("name", "short_name", "kind", "category", "region", "credit_code", "school_code")
# Columns whose cells name a choice, by its value or its label in either language.
CHOICES = {"kind": Kind, "category": Category}
# Columns naming an institution: two rows may not share a value of one.
IDENTIFYING = ("institution_slug", "institution", "credit_code", "school_code")


def choice_values(choices):
    """{text: value} for a choice's value and its label in either language, case-folded."""
    values = {}
    for value, label in choices.choices:
        values[value.casefold()] = value
        for language in ("zh-hans", "en"):
            with translation.override(language):
                values[str(label).casefold()] = value
    return values


class InstitutionImport(TableImport):
    REQUIRED = ("institution", "kind", "category", "region_code")
    # The fields' columns, and the region's name, which must be the code's region's.
    IMPORTED = (*FIELDS, "region")
    EXAMPLES = ("institution", "kind", "region_code")
    # What the admin checks and then imports within gunicorn's 30-second timeout on
    # two cores: 20,000 new institutions take 12 s to check and 21 s to import
    # (which checks again), against PostgreSQL with 20,000 institutions already.
    MAX_ROWS = 20_000
    # Another change took a name, code or address between the check and the write
    # (the check itself settles those of the file and the database).
    CLASH = gettext_lazy(
        "An institution was saved elsewhere while this file was being imported and now "
        "shares a name, code or address with one of its rows. Nothing was written: import "
        "the file again to see which."
    )

    def check(self):
        """What the file would change, row by row; raises ImportFailed listing every problem."""
        records = self.read()
        self.known = {key: choice_values(choices) for key, choices in CHOICES.items()}
        regions = {r.code: r for r in Region.objects.all()}
        region_of = {r.pk: r for r in regions.values()}
        for region in regions.values():  # a bureau's check walks up: no query a row
            if region.parent_id in region_of:
                region.parent = region_of[region.parent_id]
        existing = Existing(records)
        slugs = NewSlugs(records)
        problems, plans, seen, matched = [], [], {key: {} for key in IDENTIFYING}, {}
        said = set()
        for line, record in records:
            # A ratings export repeats an institution on each of its ratings' rows.
            saying = tuple(record.get(key, "") for key in self.IMPORTED)
            if saying in said:
                continue
            said.add(saying)
            row_problems = []
            for key in IDENTIFYING:
                value = record.get(key, "")
                if taken_for_a_number(key, value):
                    continue  # 1.23308E+17 may be the code of several: see below
                if value and value in seen[key]:
                    row_problems.append(
                        Problem(
                            line,
                            key,
                            _("%(v)s is also on line %(l)d.") % {"v": value, "l": seen[key][value]},
                        )
                    )
                elif value:
                    seen[key][value] = line
            kind = self.choice(line, record, "kind", row_problems)
            category = self.choice(line, record, "category", row_problems)
            code = record.get("region_code", "")
            region = regions.get(code)
            if region is None:
                row_problems.append(
                    Problem(
                        line, "region_code", _("no region has the code %(v)s.") % {"v": code or "—"}
                    )
                )
            elif record.get("region") and record["region"] != region.name:
                # An edited region name would otherwise be ignored: the code says which.
                row_problems.append(
                    disagreement(line, ("region_code", region), "region", record["region"])
                )
            institution = existing.find(line, record, row_problems)
            if row_problems:
                problems.extend(row_problems)
                continue
            institution = institution or Institution()
            if institution.pk is not None:  # its region from those read, not a query each
                institution.region = region_of[institution.region_id]
            if institution.pk in matched:
                problems.append(
                    Problem(
                        line,
                        None,
                        _("this row names the same institution as line %(l)d (%(name)s).")
                        % {"l": matched[institution.pk], "name": institution.name},
                    )
                )
                continue
            if institution.pk is not None:
                matched[institution.pk] = line
            values = {"name": record["institution"], "kind": kind, "category": category}
            values["region"] = region
            # An empty cell changes nothing: a list without a school's code keeps it.
            for key in ("short_name", "credit_code", "school_code"):
                value = record.get(key)
                if value and taken_for_a_number(key, value):
                    if institution.pk is not None and shown_as(value, getattr(institution, key)):
                        continue  # its code, as a spreadsheet showed it: left as it is
                    if SCIENTIFIC.fullmatch(value):
                        row_problems.append(long_number_problem(line, key, value))
                if value:
                    values[FIELDS[key]] = value
            if row_problems:
                problems.extend(row_problems)
                continue
            if institution.pk is None:
                values["slug"] = record.get("institution_slug") or slugs.make(values)
            plan = self.plan(line, institution, values)
            if plan.action == "unchanged":  # as it was checked when it was saved
                plans.append(plan)
                continue
            try:
                # Fields and the model's own checks; the database's uniqueness and
                # format constraints (a query each, 25 ms a row) are settled for the
                # whole file at once: an existing name, address or code makes the row
                # that institution's (Existing), the file's rows may not share one
                # (`seen`), new addresses are unused (NewSlugs), and the codes' formats
                # are their fields' validators.
                # The region is one of those read: it exists (no query a row to ask).
                # A row changing an institution answers for the fields it writes, not
                # for others saved before a rule (an alias, say), which it cannot mend.
                unwritten = [] if institution.pk is None else unwritten_fields(values)
                institution.full_clean(
                    exclude=["region", *unwritten],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                problems.extend(field_problems(line, error))
                continue
            plans.append(plan)
        if problems:
            raise ImportFailed(sorted(problems, key=lambda p: p.line or 0))
        return plans

    def choice(self, line, record, key, problems):
        text = record.get(key, "")
        value = self.known[key].get(text.casefold())
        if value is None:
            choices = CHOICES[key]
            problems.append(
                Problem(
                    line,
                    key,
                    _("%(v)s is not one of: %(list)s.")
                    % {
                        "v": text or "—",
                        "list": enumeration(str(c.label) for c in choices),
                    },
                )
            )
        return value

    def plan(self, line, institution, values):
        """The row's plan, with `institution` set to what the row says."""
        if institution.pk is None:
            for field, value in values.items():
                setattr(institution, field, value)
            shown = {COLUMN_OF[f]: display(institution, f) for f in values}
            stored = tuple((f, stored_value(institution, f)) for f in values)
            return RowPlan(
                line, "new", institution, scheme=None, year=None, values=shown, stored=stored
            )
        changes, stored = {}, []
        for field in CHANGEABLE:
            if field in values and getattr(institution, field) != values[field]:
                old, stored_old = display(institution, field), stored_value(institution, field)
                setattr(institution, field, values[field])
                changes[COLUMN_OF[field]] = (old, display(institution, field))
                stored.append((field, stored_old, stored_value(institution, field)))
        action = "changed" if changes else "unchanged"
        return RowPlan(
            line,
            action,
            institution,
            scheme=None,
            year=None,
            values={},
            changes=changes,
            stored=tuple(stored),
        )

    def write(self, plans, user, reason):
        new = [p.institution for p in plans if p.action == "new"]
        changed = [p.institution for p in plans if p.action == "changed"]
        write_in_bulk(Institution, new, changed, CHANGEABLE, user, reason)


class NewSlugs:
    """Addresses for new institutions, made from their short names (else names): unused,
    and not one the file gives or has given another new row. The addresses they would
    first take are looked up for the whole file in one query."""

    def __init__(self, records):
        self.taken = {r["institution_slug"] for _, r in records if r.get("institution_slug")}
        bases = {
            Institution(
                name=r.get("institution", ""), short_name=r.get("short_name", "")
            ).slug_base()
            for _, r in records
            if not r.get("institution_slug")
        }
        self.used = {i.slug for i in fetch("slug", bases)}

    def make(self, values):
        institution = Institution(name=values["name"], short_name=values.get("short_name", ""))
        slug = institution.slug_base()
        if slug in self.taken or slug in self.used:
            slug = institution.unique_slug(self.taken)  # a query for each address tried
        self.taken.add(slug)
        return slug


def unwritten_fields(values):
    """The fields of an institution a row with these `values` leaves as they are."""
    return [f.name for f in Institution._meta.concrete_fields if f.name not in values]


def stored_value(institution, field):
    """A field's value as stored (a kind's key, not its label in the reader's language)."""
    return institution.region.code if field == "region" else getattr(institution, field)


def display(institution, field):
    if field == "region":
        return institution.region.code
    if field in ("kind", "category"):
        return str(getattr(institution, f"get_{field}_display")())
    return getattr(institution, field)


def field_problems(line, error):
    """The model's validation errors as problems of the columns that set the fields."""
    return [
        Problem(line, COLUMN_OF.get(field), message)
        for field, messages in error.message_dict.items()
        for message in messages
    ]


class Existing:
    """The institutions a file's rows may name, read in a few queries: by address,
    credit code, school code or official name; with their bureaus, which a row
    moving one is checked against."""

    def __init__(self, records):
        def named_by(key, field):
            values = {r[key] for _, r in records if r.get(key)}
            found = fetch(field, values, related=["authority"])
            return {getattr(i, field): i for i in found}

        self.indexes = [
            ("institution_slug", named_by("institution_slug", "slug")),
            ("credit_code", named_by("credit_code", "credit_code")),
            ("school_code", named_by("school_code", "school_code")),
            ("institution", named_by("institution", "name")),
        ]

    def find(self, line, record, problems):
        """The existing institution the row names, or None for a new one. A row whose
        address, codes and name name different institutions, or that gives an address
        another of its columns' institution does not have (an address never changes),
        is a problem."""
        found = None
        for key, index in self.indexes:
            value = record.get(key, "")
            institution = index.get(value) if value else None
            if institution is None:
                continue
            if found is not None and institution.pk != found[1].pk:
                problems.append(disagreement(line, found, key, value))
                return None
            found = found or (key, institution)
        slug = record.get("institution_slug")
        if found is not None and slug and found[1].slug != slug:
            key, institution = found
            problems.append(
                Problem(
                    line,
                    "institution_slug",
                    _(
                        "%(v)s is not the address of %(name)s (%(slug)s), which “%(column)s” "
                        "names; an institution's address never changes."
                    )
                    % {
                        "v": slug,
                        "name": institution.name,
                        "slug": institution.slug,
                        "column": BY_KEY[key].label,
                    },
                )
            )
            return None
        return found and found[1]
