"""Rows of an Excel workbook (.xlsx) for the import, each cell as the text Excel shows.

The import reads CSV; a clerk's file is as often the workbook itself. Its first
sheet (the first one Excel shows: hidden sheets are skipped) is read as a CSV
file would be (the import looks for the header among its first rows), every row
named by its number in the sheet (the number Excel shows beside it). Rows that hold
nothing are left out. A merged cell spanning rows (a group typed once beside its
schools) reads as its value in each of those rows, as Excel shows it. A formula
counts by the value Excel last saved for it; a workbook written by a program
other than Excel may hold formulas with no saved value, which are refused rather
than read as empty cells.
"""

import datetime
import io
import re
import zipfile
from collections import deque
from itertools import islice

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

# An .xlsx file is a ZIP archive; an Excel 97–2003 .xls file is an OLE2 compound file.
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An .xlsx workbook protected by a password is encrypted into a compound file too, as
# its stream named "EncryptedPackage" (the name is stored in UTF-16-LE).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# What a workbook may hold once unpacked: a file within the upload limit can unpack
# to gigabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 200_000_000


class WorkbookError(Exception):
    """The workbook cannot be read; the message says why, in the active language."""


def is_workbook(data):
    return data.startswith(XLSX_MAGIC) or data.startswith(XLS_MAGIC)


# A number format of zeros only ("0000000000") shows a number with leading zeros:
# how a 10-digit school code typed as a number keeps its first 0.
ZEROS = re.compile(r"0+")


# Numbers from here on have more digits than Excel keeps (15).
EXCEL_DIGITS_LIMIT = 10**15


def cell_text(value, number_format="General"):
    """A cell as the text Excel shows for it: 5 not 5.0, 2.67, a date as 2024-02-20,
    0133005678 for 133005678 formatted as ten digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float) and abs(value) >= EXCEL_DIGITS_LIMIT:
        # Excel keeps 15 digits of a number and shows a longer one as 1.23308E+17: a
        # credit code typed as a number has lost its last digits (the import says so).
        return f"{value:.5E}"
    zeros = isinstance(value, int | float) and ZEROS.fullmatch(number_format or "")
    if zeros and float(value).is_integer() and value >= 0:
        return str(int(value)).zfill(len(number_format))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def sheet_rows(data, max_rows):
    """(sheet title, (row number, header cells), [(row number, cells)…]) of the
    workbook's first sheet: its rows that hold anything, up to one more than `max_rows`
    (reading stops there)."""
    if data.startswith(XLS_MAGIC) and ENCRYPTED_PACKAGE in data:
        raise WorkbookError(
            _(
                "This workbook is protected by a password, which the import cannot open. "
                "Open it in Excel, choose File › Info › Protect Workbook › Encrypt with "
                "Password, delete the password and save it; then import it again. Or save "
                "it as CSV UTF-8."
            )
        )
    if data.startswith(XLS_MAGIC):
        raise WorkbookError(
            _(
                "This is an Excel 97–2003 workbook (.xls), which the import cannot read. "
                "Save it in Excel as an Excel workbook (.xlsx) or as CSV UTF-8."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if is_opendocument(archive):
                raise WorkbookError(
                    _(
                        "This is an OpenDocument spreadsheet (.ods), which the import "
                        "cannot read. Save it as an Excel workbook (.xlsx) or as CSV UTF-8."
                    )
                )
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise WorkbookError(
                    _("The workbook unpacks to %(size)d MB; at most %(limit)d MB are read.")
                    % {"size": unpacked // 1_000_000, "limit": MAX_UNPACKED_BYTES // 1_000_000}
                )
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                shown = [s for s in book.worksheets if s.sheet_state == "visible"]
                sheet = (shown or book.worksheets)[0]
                # The sheet's own <dimension> says which cells it holds, and programs
                # other than Excel often write it wrong ("A1", or the size of the sheet
                # before rows were added); Excel ignores it. Read up to the last row.
                sheet.reset_dimensions()
                # (openpyxl's read-only sheets know where their XML is: _worksheet_path,
                # and do not read its merged cells)
                merged = merged_ranges(archive, sheet._worksheet_path)
                rows = list(islice(numbered_rows(sheet, merged), max_rows + 2))  # the header too
                uncomputed = uncomputed_formulas(archive, sheet._worksheet_path)
            finally:
                book.close()
    except WorkbookError:
        raise
    except Exception:  # zipfile, the XML parser and openpyxl each fail in their own way
        raise WorkbookError(
            _(
                "The file looks like an Excel workbook (.xlsx) but cannot be read: it may be "
                "damaged or protected by a password. Open it in Excel and save it again, "
                "or save it as CSV UTF-8."
            )
        ) from None
    if uncomputed:
        raise WorkbookError(
            _(
                "Cells %(cells)s of the sheet “%(sheet)s” hold formulas with no saved value "
                "(the workbook was not saved by Excel). Open it in Excel and save it, or "
                "replace the formulas with their values."
            )
            % {"cells": ", ".join(uncomputed), "sheet": sheet.title}
        )
    if not rows:
        raise WorkbookError(
            _(
                "The workbook's first sheet, “%(sheet)s”, is empty: the import reads the "
                "first sheet."
            )
            % {"sheet": sheet.title}
        )
    return sheet.title, rows[0], rows[1:]


def numbered_rows(sheet, merged=()):
    """(row number, cells) of each row that holds anything, without the empty cells
    that end it (a sheet may hold many empty rows that only carry formatting).

    Each cell of a `merged` range (min_col, min_row, max_col, max_row) spanning rows
    holds the range's value, in the rows that hold anything of their own."""
    # Each row looks at the spans it is in only: a sheet may merge thousands.
    waiting = deque(sorted((r for r in merged if r[3] > r[1]), key=lambda r: r[1]))
    spans = {}  # span the rows have reached: its value, from its first row
    for number, row in enumerate(sheet.iter_rows(), start=1):
        while waiting and waiting[0][1] <= number:
            spans[waiting.popleft()] = ""
        for span in [span for span in spans if span[3] < number]:
            del spans[span]
        cells = [cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row]
        if spans and any(cell.strip() for cell in cells):
            for span in spans:
                first_col, first_row, last_col, _last_row = span
                if number == first_row:
                    spans[span] = cells[first_col - 1] if len(cells) >= first_col else ""
                cells += [""] * (last_col - len(cells))
                cells[first_col - 1 : last_col] = [spans[span]] * (last_col - first_col + 1)
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            yield number, cells


def is_opendocument(archive):
    """Whether a ZIP archive is an OpenDocument file (LibreOffice's, or WPS's when
    asked): its first member, "mimetype", says so."""
    try:
        return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except KeyError:
        return False


MERGED_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def merged_ranges(archive, path):
    """(min_col, min_row, max_col, max_row) of each range of merged cells of the sheet
    at `path` in the workbook's `archive` (a ZipFile). They follow the sheet's cells,
    so the whole XML is read, in pieces."""
    found, tail = set(), b""
    with archive.open(path.lstrip("/")) as xml:
        while piece := xml.read(1 << 20):
            text = tail + piece
            found.update(match.group(1) for match in MERGED_CELL.finditer(text))
            tail = text[-1024:]  # a range cut at the piece's end is whole in the next text
    return [range_boundaries(ref.decode()) for ref in found]


# A formula cell with no value after its formula, or an empty one: <c r="B2"><f>…</f></c>
# or <v/>. (Excel saves a formula whose result is "" as an empty value of a string
# cell, t="str": that one was computed.)
FORMULA_CELL = re.compile(
    rb"<c\b([^>]*)>\s*(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>"
)
REFERENCE = re.compile(rb'\br="([A-Z]+[0-9]+)"')
STRING_CELL = re.compile(rb'\bt="str"')
# Formula cells shown in a message.
CELLS_SHOWN = 5


def uncomputed_formulas(archive, path):
    """References of the first few cells of the sheet at `path` in the workbook's
    `archive` (a ZipFile) holding a formula with no saved value, which openpyxl reads
    as empty. Read in pieces: a sheet's XML may be hundreds of megabytes."""
    found, tail = [], b""
    with archive.open(path.lstrip("/")) as xml:
        while len(set(found)) < CELLS_SHOWN and (piece := xml.read(1 << 20)):
            text = tail + piece
            for cell in FORMULA_CELL.finditer(text):
                attributes, empty_value = cell.groups()
                reference = REFERENCE.search(attributes)
                if reference and not (empty_value and STRING_CELL.search(attributes)):
                    found.append(reference.group(1).decode())
            tail = text[-8192:]  # a cell cut at the piece's end is whole in the next text
    return list(dict.fromkeys(found))[:CELLS_SHOWN]
