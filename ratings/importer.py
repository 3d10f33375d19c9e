"""Import ratings from CSV or an Excel workbook (.xlsx), all or nothing.

`RatingImport(data).check()` reads and validates the whole file and says what
would change; `apply(user)` writes it in one transaction, after checking again.
Any bad row means nothing is written. Errors name the line of the file (the
header is line 1), the column and the problem, in the active language.
"""

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evalsite.history import write_in_bulk
from evalsite.markup import enumeration
from evalsite.validators import INVISIBLE  # no column the imports read holds one
from institutions.models import Institution
from ratings.csvformat import BY_KEY, COLUMNS, FORMULA_STARTS, header_aliases
from ratings.models import MAX_YEAR, MIN_YEAR, Rating, Scheme
from ratings.workbook import WorkbookError, is_workbook, sheet_rows

IMPORT_MAX_BYTES = 10_000_000
# Rows a file may hold: what the admin checks, and then imports, within gunicorn's
# 30-second timeout on two cores (50,000 new ratings from a workbook: 10 s to check,
# 18 s to import; a CSV file is faster). 10 MB of CSV can hold 200,000 short rows.
IMPORT_MAX_ROWS = 50_000
# Rows above the header that a file may hold: a title, who filled it in and when.
TITLE_ROWS = 10
# What may separate a CSV file's columns, the comma first (see delimiter_of).
DELIMITERS = (",", "\t", ";")
MAX_CELL_CHARS = 500
# A cell may be as long as the file: an over-long cell is reported as such, by
# check_cell, rather than by the csv module in English.
csv.field_size_limit(max(csv.field_size_limit(), IMPORT_MAX_BYTES))
# A number is not a formula, even with a sign; nor is a dash alone (a placeholder).
NOT_A_FORMULA = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?|-+")
# What Excel writes in a cell whose formula failed (and saves as the cell's text).
EXCEL_ERRORS = frozenset(
    {"#N/A", "#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
    | {"#GETTING_DATA", "#BLOCKED!", "#CONNECT!", "#FIELD!", "#UNKNOWN!", "#BUSY!", "#EXTERNAL!"}
)
# Columns holding codes, which are ASCII: their full-width characters (U+FF01–U+FF5E)
# are read as the ASCII ones they stand for. Only those: NFKC would also read ② or ²
# as 2, a different character rather than another width of the same one.
CODES = frozenset({"institution_slug", "credit_code", "school_code", "region_code"})
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# A long number as a spreadsheet shows it (1.23308E+17; a code holds no "+"): in a
# code's column, the code typed as a number, its digits past the 15th lost.
SCIENTIFIC = re.compile(r"[0-9]+(\.[0-9]+)?[Ee]\+[0-9]+")
# A school code has 10 digits: one with fewer may have lost its leading zeros.
SCHOOL_CODE_DIGITS = 10
# Values per query when looking institutions up (PostgreSQL takes at most 65,535).
LOOKUP_BATCH = 5000
# Fields an import may change on an existing rating.
CHANGEABLE = ("stars", "group")


@dataclass
class Problem:
    line: int | None
    column: str | None  # a column key
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        if self.column is None:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)d, “%(column)s”: %(message)s") % {
            "line": self.line,
            "column": BY_KEY[self.column].label,
            "message": self.message,
        }


@dataclass
class RowPlan:
    line: int
    action: str  # "new", "changed" or "unchanged"
    institution: Institution
    scheme: Scheme
    year: int
    values: dict
    rating: Rating | None = None
    changes: dict = field(default_factory=dict)  # field: (old, new)
    # What the row writes, in stored values (`values` and `changes` may show labels
    # in the reader's language: a kind's 学校 / school): what its fingerprint says.
    stored: tuple = ()

    def labelled_values(self):
        """(column label, value) pairs, as the preview shows a new rating."""
        return [(BY_KEY[name].label, value) for name, value in self.values.items()]

    def labelled_changes(self):
        """(column label, old, new) triples, as the preview shows a change."""
        return [(BY_KEY[name].label, old, new) for name, (old, new) in self.changes.items()]


class ImportFailed(Exception):
    def __init__(self, problems):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class PlanChanged(ImportFailed):
    """What the file would change is no longer what its reader was shown."""


def fingerprint(plans):
    """A digest of what `plans` change, row by row: equal for two checks of a file
    only if they would write the same."""
    digest = hashlib.sha256()
    for plan in plans:
        if plan.action == "unchanged":
            continue
        said = (
            plan.line,
            plan.action,
            plan.institution.pk,
            plan.scheme and plan.scheme.pk,
            plan.year,
            plan.stored,
        )
        digest.update(repr(said).encode())
    return digest.hexdigest()


def decode(data, encoding=None):
    """Text of the file: the given encoding, else UTF-8 (with or without BOM), else GB18030."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise ImportFailed(
                [Problem(None, None, _("Unknown encoding %(e)s.") % {"e": encoding})]
            ) from None
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                [
                    Problem(
                        None,
                        None,
                        _("The file cannot be read as %(e)s (bad bytes at position %(p)d).")
                        % {"e": encoding, "p": exc.start},
                    )
                ]
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for candidate in candidates:
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(
        [
            Problem(
                None,
                None,
                _(
                    "The file is not text in UTF-8 or GB18030/GBK. Save it from Excel as "
                    "“CSV UTF-8” or “CSV (comma delimited)” and try again."
                ),
            )
        ]
    )


class TableImport:
    """A CSV file or workbook read in the ratings CSV's columns, all of it checked
    before anything is used: the reading shared by the ratings and institutions
    imports. Subclasses say which columns they require and check the rows."""

    # Columns every file must have.
    REQUIRED = ()
    # Columns the import reads. The export's other columns are recognised but not
    # imported: said so (an edit in them has no effect), and their cells not checked.
    IMPORTED = ()
    # Columns an error about an unknown header gives as examples.
    EXAMPLES = ("institution", "year", "stars")
    # Rows a file may hold.
    MAX_ROWS = IMPORT_MAX_ROWS
    # Why nothing was written when a change saved elsewhere between the check and
    # the write clashed with the file's (a database constraint refused the write).
    CLASH = ""

    def __init__(self, data, encoding=None):
        self.data = data
        self.encoding = encoding
        self.ignored_columns = []  # not recognised: names, or "column 5 (no name)"
        self.unimported_columns = []  # recognised, but not imported: their headers
        self.sheet = None  # the title of the sheet read, for a workbook
        self.title_rows = []  # (line number, cells) of the rows above the header

    # Reading ---------------------------------------------------------------

    def read(self):
        """(line number, {column key: cell}) for every non-blank row."""
        self.ignored_columns, self.unimported_columns = [], []  # (of a check before)
        self.title_rows = []
        if len(self.data) > IMPORT_MAX_BYTES:
            raise ImportFailed([Problem(None, None, too_large_message(len(self.data)))])
        workbook = is_workbook(self.data)
        (line, header), rows = self.workbook_rows() if workbook else self.csv_rows()
        rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
        (line, header), rows = self.below_titles((line, header), rows)
        if len(rows) > self.MAX_ROWS:
            raise ImportFailed(
                [
                    Problem(
                        None,
                        None,
                        _("The file has more than %(max)d rows; split it into several files.")
                        % {"max": self.MAX_ROWS},
                    )
                ]
            )
        keys = self.read_header(line, header)
        problems, records = [], []
        for line, cells in rows:
            # In a workbook, cells past the header are a column with no name; in a CSV
            # file, a comma too many (a cell's own, unquoted) may have shifted them.
            if not workbook and len(cells) > len(header):
                problems.append(
                    Problem(
                        line,
                        None,
                        _("This row has %(n)d cells but the header has %(m)d.")
                        % {"n": len(cells), "m": len(header)},
                    )
                )
                continue
            # (A workbook's cells have no quotation marks to leave open.)
            if not workbook and holds_rows(cells, len(header)):
                problems.append(
                    Problem(
                        line,
                        None,
                        _(
                            "a cell of this row runs over several lines and holds what look "
                            "like whole rows: is a quotation mark left open?"
                        ),
                    )
                )
                continue
            # A row may end before the header does (Excel leaves a row's empty cells
            # at its end out of a CSV file): those cells are empty.
            record = dict.fromkeys(filter(None, keys), "")
            for key, cell in zip(keys, cells, strict=False):
                if not key:
                    continue  # a column the import does not read is not checked either
                cell = cell.strip()
                problem = self.check_cell(line, key, cell)
                if problem:
                    problems.append(problem)
                else:
                    record[key] = normalise(key, cell.removeprefix("'"))
            records.append((line, record))
        if problems:
            raise ImportFailed(problems)
        if not records:
            raise ImportFailed([Problem(None, None, _("The file has a header but no rows."))])
        self.ignored_columns += [
            _("column %(n)d (no name)") % {"n": position}
            for position in unnamed_columns(header, rows)
        ]
        return records

    def csv_rows(self):
        """((header's line number, header cells), [(line number, cells)…]) of a CSV
        file (its header is its first line that holds anything)."""
        text = decode(self.data, self.encoding)
        if "\x00" in text:
            raise ImportFailed([Problem(None, None, _("The file contains NUL characters."))])
        if not text.strip():
            raise ImportFailed([Problem(None, None, _("The file is empty."))])
        # strict: a quotation mark left open raises at the end of the file instead
        # of silently taking the rest of the file into one cell.
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=delimiter_of(text), strict=True
        )
        rows, start, header_line = [], 1, 1
        try:
            # The header is the first line that holds anything, as in a workbook.
            header = next(reader, None)
            while header is not None and not any(cell.strip() for cell in header):
                header_line = reader.line_num + 1
                header = next(reader, None)
            if header is None:  # lines of empty cells only (",,,")
                raise ImportFailed([Problem(None, None, _("The file is empty."))])
            start = reader.line_num + 1
            for cells in reader:
                rows.append((start, cells))  # a row is named by the line it starts on
                start = reader.line_num + 1
        except csv.Error as exc:
            raise ImportFailed([Problem(start, None, csv_error_message(exc))]) from None
        return (header_line, header), rows

    def below_titles(self, first, rows):
        """The header and the rows below it, given the first row that holds anything and
        the rows after it. The header is the row, among the first TITLE_ROWS + 1, that
        names the most columns the import knows (the first of several): a row above it
        may name one too (年度 | 2024, who filled the list in; the upper row of a header
        in two rows). The rows above it are kept in title_rows, said but not imported.
        Without such a row, the first is the header, whose error says why it is not."""
        known = known_headers()
        candidates = [first, *rows[:TITLE_ROWS]]
        counts = [len(known_columns(cells, known)) for _line, cells in candidates]
        if not max(counts):
            return first, rows
        position = counts.index(max(counts))
        self.title_rows = candidates[:position]
        return candidates[position], rows[position:]

    def workbook_rows(self):
        """((row number, first cells), [(row number, cells)…]) of an Excel workbook's
        first sheet: its first row that holds anything, and the rows after it (the
        header is chosen among them by below_titles)."""
        try:
            # (enough rows to find the header below its titles, and one row too many)
            max_rows = self.MAX_ROWS + TITLE_ROWS
            self.sheet, header, rows = sheet_rows(self.data, max_rows=max_rows)
        except WorkbookError as exc:
            raise ImportFailed([Problem(None, None, str(exc))]) from None
        return header, rows

    def read_header(self, line, header):
        """The column key of each header cell (None for one the import does not read);
        raises ImportFailed naming `line`, the header's, if the header will not do."""
        known = known_headers()
        keys, seen, problems = [], {}, []
        for position, name in enumerate(header, start=1):
            name = name.strip().lstrip("\ufeff")
            key = known.get(header_key(name))
            if key is None:
                if name:  # (one with no name is said if its cells hold anything)
                    self.ignored_columns.append(name)
            elif key in seen:
                problems.append(
                    Problem(line, None, _("The column “%(c)s” appears twice.") % {"c": name})
                )
            elif key not in self.IMPORTED:
                self.unimported_columns.append(name)
            seen.setdefault(key, position)
            keys.append(key if key in self.IMPORTED else None)
        if not set(seen) - {None}:
            message = unknown_header_message(header, self.EXAMPLES, self.sheet)
            raise ImportFailed([Problem(line, None, message)])
        required = [c for c in self.REQUIRED if c not in seen]
        for key in required:
            problems.append(
                Problem(
                    line,
                    None,
                    _("The required column “%(c)s” is missing.") % {"c": BY_KEY[key].label},
                )
            )
        problems += self.header_problems(line, set(seen))
        if problems:
            raise ImportFailed(problems)
        return keys

    def header_problems(self, line, columns):
        """Problems of a header (on `line`) with these column keys, beyond REQUIRED's."""
        return []

    def column_notes(self):
        """What the reader of a check should know of the file's columns the import does
        not read, in sentences of the active language."""
        notes = []
        if self.title_rows:
            rows = [
                _("line %(line)d (%(text)s)")
                % {
                    "line": line,
                    "text": Truncator(" ".join(c.strip() for c in cells if c.strip())).chars(40),
                }
                for line, cells in self.title_rows
            ]
            notes.append(
                _("Rows above the header, not imported: %(rows)s") % {"rows": enumeration(rows)}
            )
        if self.ignored_columns:
            notes.append(
                _("Columns not recognised (ignored): %(columns)s")
                % {"columns": enumeration(self.ignored_columns)}
            )
        if self.unimported_columns:
            notes.append(
                _("Columns not imported (changes in them have no effect): %(columns)s")
                % {"columns": enumeration(self.unimported_columns)}
            )
        return notes

    def check_cell(self, line, key, cell):
        if len(cell) > MAX_CELL_CHARS:
            return Problem(
                line,
                key,
                _("the cell is %(n)d characters long; at most %(max)d are allowed.")
                % {"n": len(cell), "max": MAX_CELL_CHARS},
            )
        if cell.upper() in EXCEL_ERRORS:
            return Problem(
                line,
                key,
                _(
                    "%(v)s is what Excel shows for a formula that failed: correct the "
                    "formula or type the value."
                )
                % {"v": cell},
            )
        if INVISIBLE.search(cell):
            return Problem(
                line,
                key,
                _(
                    "the cell holds a line break or an invisible character (such as a "
                    "zero-width space); type the value on one line."
                ),
            )
        if cell.startswith(FORMULA_STARTS) and not NOT_A_FORMULA.fullmatch(cell):
            return Problem(
                line,
                key,
                _("%(v)s looks like a spreadsheet formula; formulas are not accepted.")
                % {"v": cell[:30]},
            )
        return None

    # Writing ---------------------------------------------------------------

    def apply(self, user=None, expected=None, file_name=""):
        """Check again and write, all or nothing; the counts by action. Given the
        `expected` fingerprint of the plans a reader was shown, writes only if the
        file still changes just that (raises PlanChanged otherwise). Each history
        record it writes is by `user` and names the file as the reason."""
        try:
            with transaction.atomic():
                plans = self.check()
                if expected is not None and fingerprint(plans) != expected:
                    raise PlanChanged(
                        [
                            Problem(
                                None,
                                None,
                                _(
                                    "Since the file was checked, what it changes has been "
                                    "changed elsewhere (an edit or another import). Nothing "
                                    "was written: check the changes as they are now."
                                ),
                            )
                        ]
                    )
                self.write(plans, user, import_reason(file_name))
        except IntegrityError:
            raise ImportFailed([Problem(None, None, str(self.CLASH))]) from None
        return summarise(plans)

    def write(self, plans, user, reason):
        """Write what `plans` change (within apply's transaction), each history
        record by `user` for `reason`."""
        raise NotImplementedError


class RatingImport(TableImport):
    REQUIRED = ("scheme", "year", "stars")
    # Those naming the institution, and the rating's own (/data/ says which).
    IMPORTED = tuple(c.key for c in COLUMNS if c.importable)
    CLASH = gettext_lazy(
        "A rating this file adds or changes was saved elsewhere while the file was being "
        "imported. Nothing was written: import the file again to see its changes as they "
        "are now."
    )

    def header_problems(self, line, columns):
        if {"institution_slug", "institution", "credit_code", "school_code"} & columns:
            return []
        return [
            Problem(
                line,
                None,
                _("A column naming the institution is missing (“%(a)s” or “%(b)s”).")
                % {"a": BY_KEY["institution_slug"].label, "b": BY_KEY["institution"].label},
            )
        ]

    # Checking --------------------------------------------------------------

    def check(self):
        """What the file would change, row by row; raises ImportFailed listing every problem."""
        records = self.read()
        institutions = InstitutionMatcher(records)
        schemes = {s.name: s for s in Scheme.objects.all()}
        problems, plans, seen = [], [], {}
        for line, record in records:
            row_problems = []
            institution = institutions.match(line, record, row_problems)
            scheme = schemes.get(record.get("scheme", ""))
            if scheme is None:
                row_problems.append(
                    Problem(
                        line,
                        "scheme",
                        _("there is no scheme called %(v)s.") % {"v": record.get("scheme") or "—"},
                    )
                )
            year = self.year(line, record, row_problems)
            stars = self.stars(line, record, scheme, row_problems)
            group = record.get("group")
            longest = Rating._meta.get_field("group").max_length
            if group is not None and len(group) > longest:
                row_problems.append(
                    Problem(
                        line,
                        "group",
                        _("the group name is %(n)d characters long; at most %(max)d are allowed.")
                        % {"n": len(group), "max": longest},
                    )
                )
            if institution and scheme and institution.kind != scheme.kind:
                row_problems.append(
                    Problem(
                        line,
                        "scheme",
                        _("%(s)s does not rate this kind of institution.") % {"s": scheme.name},
                    )
                )
            if row_problems:
                problems.extend(row_problems)
                continue
            key = (institution.pk, scheme.pk, year)
            if key in seen:
                problems.append(
                    Problem(
                        line,
                        None,
                        _("%(i)s already has a %(y)d rating in this scheme on line %(l)d.")
                        % {"i": institution.name, "y": year, "l": seen[key]},
                    )
                )
                continue
            seen[key] = line
            values = {"stars": stars}
            if group is not None:
                values["group"] = group
            plans.append(RowPlan(line, "new", institution, scheme, year, values))
        if problems:
            raise ImportFailed(sorted(problems, key=lambda p: p.line or 0))
        self.compare_with_database(plans)
        for plan in plans:  # stars and group are stored as the file gives them
            plan.stored = (tuple(sorted(plan.values.items())), tuple(sorted(plan.changes.items())))
        return plans

    def year(self, line, record, problems):
        raw = record.get("year", "")
        # isdecimal, not isdigit: "²" and "⑤" are digits int() does not read.
        if not raw.isdecimal() or not MIN_YEAR <= int(raw) <= MAX_YEAR:
            problems.append(
                Problem(
                    line,
                    "year",
                    _("%(v)s is not a year between %(a)d and %(b)d.")
                    % {"v": raw or "—", "a": MIN_YEAR, "b": MAX_YEAR},
                )
            )
            return None
        return int(raw)

    def stars(self, line, record, scheme, problems):
        raw = record.get("stars", "")
        maximum = scheme.max_stars if scheme else 5
        if not raw.isdecimal():
            problems.append(
                Problem(
                    line,
                    "stars",
                    _("%(v)s is not a whole number from 1 to %(max)d.")
                    % {"v": raw or "—", "max": maximum},
                )
            )
            return None
        if not 1 <= int(raw) <= maximum:
            problems.append(
                Problem(
                    line,
                    "stars",
                    _("%(v)s is not between 1 and %(max)d.") % {"v": raw, "max": maximum},
                )
            )
            return None
        return int(raw)

    def compare_with_database(self, plans):
        existing = {
            (r.institution_id, r.scheme_id, r.year): r
            for r in Rating.objects.filter(
                institution_id__in={p.institution.pk for p in plans},
                year__in={p.year for p in plans},
            )
        }
        for plan in plans:
            rating = existing.get((plan.institution.pk, plan.scheme.pk, plan.year))
            if rating is None:
                continue
            plan.rating = rating
            plan.changes = {
                name: (getattr(rating, name), value)
                for name, value in plan.values.items()
                if getattr(rating, name) != value
            }
            plan.action = "changed" if plan.changes else "unchanged"

    # Writing ---------------------------------------------------------------

    def write(self, plans, user, reason):
        """Write what `plans` change."""
        new = [
            Rating(
                institution=p.institution,
                scheme=p.scheme,
                year=p.year,
                is_published=False,
                **p.values,
            )
            for p in plans
            if p.action == "new"
        ]
        changed = []
        for p in plans:
            if p.action == "changed":
                for name, (_old, value) in p.changes.items():
                    setattr(p.rating, name, value)
                changed.append(p.rating)
        write_in_bulk(Rating, new, changed, CHANGEABLE, user, reason)


def import_reason(file_name):
    """The reason the history gives for what an import wrote: the file's name (a
    history record's reason holds 100 characters)."""
    if not file_name:
        return _("Imported from a file")
    return Truncator(_("Imported from %(file)s") % {"file": file_name}).chars(100)


def too_large_message(size):
    """Why a file of `size` bytes is refused (over IMPORT_MAX_BYTES). Its size is rounded
    up to a tenth of a megabyte: a file just over 10 MB is 10.1 MB, not "10.0 MB, over
    the limit of 10 MB"."""
    return _("The file is %(size).1f MB; the limit is %(limit)d MB.") % {
        "size": math.ceil(size / 100_000) / 10,
        "limit": IMPORT_MAX_BYTES // 1_000_000,
    }


def normalise(key, cell):
    """A cell as the column stores it: a code in half-width characters (a Chinese input
    method types ３３０７８２) and a credit code in capitals, as the model keeps it (a
    clerk may type 1233…abc18), so that rows and records compare as they are."""
    if key in CODES:
        cell = cell.translate(HALF_WIDTH)
    return cell.upper() if key == "credit_code" else cell


def taken_for_a_number(key, cell):
    """Whether a code cell may hold what a spreadsheet shows for the code typed into it
    as a number (Excel does so to the codes of a CSV file it opens): a long one in
    scientific notation, or a school code without its leading zeros. Only the institution
    the row otherwise names can say whether it is its code (shown_as)."""
    if key == "school_code" and cell.isascii() and cell.isdigit():
        return len(cell) < SCHOOL_CODE_DIGITS
    return key in ("credit_code", "school_code") and SCIENTIFIC.fullmatch(cell) is not None


def shown_as(cell, code):
    """Whether `cell` is what a spreadsheet shows for `code` typed into it as a number:
    123307821000020127 as 1.23308E+17, 0133005678 as 133005678."""
    if not (code.isascii() and code.isdigit()):
        return False
    if SCIENTIFIC.fullmatch(cell):
        places = len(cell.upper().split("E")[0].partition(".")[2])
        with localcontext(rounding=ROUND_HALF_UP):  # as Excel rounds
            return f"{Decimal(code):.{places}E}" == f"{Decimal(cell):.{places}E}"
    return cell == code.lstrip("0")


def long_number_problem(line, key, cell):
    return Problem(
        line,
        key,
        _(
            "%(v)s is how a spreadsheet shows a long number: a code typed as a number keeps "
            "only its first 15 digits. Format the column as text and type the codes again."
        )
        % {"v": cell},
    )


def header_key(name):
    """A header as the import compares it: case and whitespace do not count (a header
    Excel wraps onto two lines, or one typed with a space, names the same column), nor
    a byte order mark before it."""
    return "".join(name.split()).lstrip("\ufeff").casefold()


def delimiter_of(text):
    """What separates a CSV file's columns: a comma, unless the file's first lines
    name more columns the import knows split at tabs (Excel's "Unicode text", in
    UTF-16) or at semicolons (a CSV file saved where the comma is the decimal
    sign). Read before quotes are: only to choose."""
    known = known_headers()
    # The lines a header may be on (read one by one: the file may be 10 MB).
    lines = list(
        islice((line for line in io.StringIO(text, newline="") if line.strip()), TITLE_ROWS + 1)
    )

    def named(delimiter):
        return max(len(known_columns(line.split(delimiter), known)) for line in lines)

    return max(DELIMITERS, key=named)  # the first of several: the comma


def known_headers():
    """{header_key: column key} of every header the import recognises."""
    return {header_key(alias): key for alias, key in header_aliases().items()}


def known_columns(cells, known):
    """The keys of the columns that `cells` name, by `known` (known_headers())."""
    return {known.get(header_key(cell)) for cell in cells} - {None}


def csv_error_message(exc):
    """The csv module's complaint, in the visitor's language."""
    text = str(exc)
    if "unexpected end of data" in text:
        return _(
            "a quotation mark opened in the row starting on this line is never closed, so "
            "the rest of the file would be read as one cell. Check the quotation marks."
        )
    if "expected after" in text:
        return _("a quoted cell goes on after its closing quotation mark.")
    return _("Not valid CSV: %(e)s") % {"e": text}


def unnamed_columns(header, rows):
    """Positions (from 1) of the columns with no header, as far as the longest row
    goes, whose cells hold anything."""
    width = max(len(cells) for _, cells in rows)
    return [
        position
        for position in range(1, width + 1)
        if (position > len(header) or not header[position - 1].strip().lstrip("\ufeff"))
        and any(position <= len(cells) and cells[position - 1].strip() for _, cells in rows)
    ]


def holds_rows(cells, columns):
    """Whether a cell spans lines that look like rows of their own (as many commas
    as a row has): what an unclosed quotation mark does to the rows after it."""
    return any(
        "\n" in cell and any(part.count(",") >= max(columns - 1, 1) for part in cell.splitlines())
        for cell in cells
    )


def unknown_header_message(header, examples, sheet=None):
    """Why a first line with no known column names is not a header; of a workbook, the
    sheet it is on (the data may be on another sheet than the first)."""
    names = dict(zip("abc", (BY_KEY[key].label for key in examples), strict=True))
    if sheet is not None:
        return _(
            "This row, the first of the sheet “%(sheet)s” that holds anything, holds no "
            "column name the import knows (such as “%(a)s”, “%(b)s”, “%(c)s”). The import "
            "reads a workbook's first sheet (hidden sheets aside): move the sheet with the "
            "data to the front, and remove any title rows above its header."
        ) % {"sheet": sheet, **names}
    return _(
        "None of the first %(n)d lines that hold anything holds a column name the import "
        "knows (such as “%(a)s”, “%(b)s”, “%(c)s”). The header must be one of them: remove "
        "the title rows above it."
    ) % {"n": TITLE_ROWS + 1, **names}


def summarise(plans):
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    for plan in plans:
        counts[plan.action] += 1
    return counts


def in_batches(values):
    values = list(values)
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


def fetch(field, values, related=()):
    """Institutions whose `field` is one of `values`, a few thousand a query, with
    the `related` objects named."""
    found = []
    for batch in in_batches(values):
        institutions = Institution.objects.filter(**{f"{field}__in": batch})
        found.extend(institutions.select_related(*related) if related else institutions)
    return found


class InstitutionMatcher:
    """Finds each row's institution: by address (slug), official identifier, or name
    (official, short, or an alias).

    Reads the candidates of the whole file in a few queries, not one per row. A row
    giving more than one of these must agree with itself: an address with another
    institution's name or code is a problem, not a guess.
    """

    def __init__(self, records):
        slugs = {r["institution_slug"] for _, r in records if r.get("institution_slug")}
        credit = {r["credit_code"] for _, r in records if r.get("credit_code")}
        school = {r["school_code"] for _, r in records if r.get("school_code")}
        names = {r["institution"] for _, r in records if r.get("institution")}
        self.by_slug = {i.slug: i for i in fetch("slug", slugs)}
        self.by_credit = {i.credit_code: i for i in fetch("credit_code", credit)}
        self.by_school = {i.school_code: i for i in fetch("school_code", school)}
        self.by_name = {}
        for i in [*fetch("name", names), *fetch("short_name", names)]:
            for name in {i.name, i.short_name} & names:
                self.by_name.setdefault(name, {})[i.pk] = i
        if names:
            # Aliases are few: read every institution that has any, once.
            for i in Institution.objects.exclude(aliases=""):
                for alias in set(i.alias_list) & names:
                    self.by_name.setdefault(alias, {})[i.pk] = i

    def match(self, line, record, problems):
        indexes = {"credit_code": self.by_credit, "school_code": self.by_school}
        unsure = {
            key: record[key]
            for key, index in indexes.items()
            if record.get(key) and record[key] not in index and taken_for_a_number(key, record[key])
        }
        if not unsure:
            return self.named(line, record, problems)
        # The row's other columns say which institution it is; such a code must be its.
        rest = {key: value for key, value in record.items() if key not in unsure}
        if not any(rest.get(key) for key in ("institution_slug", *indexes, "institution")):
            problems.extend(code_problem(line, key, value) for key, value in unsure.items())
            return None
        institution = self.named(line, rest, problems)
        for key, value in unsure.items():
            if institution is not None and not shown_as(value, getattr(institution, key)):
                problems.append(code_problem(line, key, value))
                return None
        return institution

    def named(self, line, record, problems):
        """The institution the row's columns name."""
        found = None
        for key, index in (
            ("institution_slug", self.by_slug),
            ("credit_code", self.by_credit),
            ("school_code", self.by_school),
        ):
            value = record.get(key)
            if not value:
                continue
            institution = index.get(value)
            if institution is None:
                problems.append(Problem(line, key, not_found_message(key, value)))
                return None
            if found is not None and institution.pk != found[1].pk:
                problems.append(disagreement(line, found, key, value))
                return None
            found = found or (key, institution)
        name = record.get("institution", "")
        if found is not None:
            key, institution = found
            if name and institution.pk not in self.by_name.get(name, {}):
                problems.append(disagreement(line, found, "institution", name))
                return None
            return institution
        if not name:
            problems.append(
                Problem(line, "institution", _("the row does not say which institution it is."))
            )
            return None
        named = self.by_name.get(name, {})
        if len(named) == 1:
            return next(iter(named.values()))
        if not named:
            problems.append(
                Problem(line, "institution", _("no institution is called %(v)s.") % {"v": name})
            )
        else:
            problems.append(
                Problem(
                    line,
                    "institution",
                    _("%(v)s matches several institutions (%(list)s); give the address instead.")
                    % {"v": name, "list": enumeration(sorted(i.name for i in named.values()))},
                )
            )
        return None


def code_problem(line, key, value):
    """A code cell, taken for a number by a spreadsheet, that names no institution."""
    if SCIENTIFIC.fullmatch(value):
        return long_number_problem(line, key, value)
    return Problem(line, key, not_found_message(key, value))


def not_found_message(key, value):
    if key == "institution_slug":
        return _("no institution has the address %(v)s.") % {"v": value}
    return _("no institution has the code %(v)s.") % {"v": value}


def disagreement(line, found, key, value):
    """A row whose columns name two institutions."""
    found_key, institution = found
    return Problem(
        line,
        key,
        _("%(v)s is not %(name)s, which “%(column)s” names: the row contradicts itself.")
        % {"v": value, "name": institution.name, "column": BY_KEY[found_key].label},
    )
