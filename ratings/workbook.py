"""Rows of an Excel workbook (.xlsx) for the import, each cell as the text Excel shows.

The import reads CSV; a clerk's file is as often the workbook itself. Its first
sheet is read as a CSV file would be, the first row that holds anything as the
header, every row named by its number in the sheet (the number Excel shows
beside it). Rows that hold nothing are left out.
"""

import datetime
import io
import zipfile
from itertools import islice

from django.utils.translation import gettext as _
from openpyxl import load_workbook

# An .xlsx file is a ZIP archive; an Excel 97–2003 .xls file is an OLE2 compound file.
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What a workbook may hold once unpacked: a file within the upload limit can unpack
# to gigabytes (a "zip bomb").
MAX_UNPACKED_BYTES = 200_000_000


class WorkbookError(Exception):
    """The workbook cannot be read; the message says why, in the active language."""


def is_workbook(data):
    return data.startswith(XLSX_MAGIC) or data.startswith(XLS_MAGIC)


def cell_text(value):
    """A cell as the text Excel shows for it: 5 not 5.0, 2.67, a date as 2024-02-20."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
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
    """((row number, header cells), [(row number, cells)…]) of the workbook's first
    sheet: its rows that hold anything, up to one more than `max_rows` (reading stops
    there)."""
    if data.startswith(XLS_MAGIC):
        raise WorkbookError(
            _(
                "This is an Excel 97–2003 workbook (.xls), which the import cannot read. "
                "Save it in Excel as an Excel workbook (.xlsx) or as CSV UTF-8."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookError(
                _("The workbook unpacks to %(size)d MB; at most %(limit)d MB are read.")
                % {"size": unpacked // 1_000_000, "limit": MAX_UNPACKED_BYTES // 1_000_000}
            )
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = list(islice(numbered_rows(sheet), max_rows + 2))  # the header too
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
    if not rows:
        raise WorkbookError(
            _(
                "The workbook's first sheet, “%(sheet)s”, is empty: the import reads the "
                "first sheet."
            )
            % {"sheet": sheet.title}
        )
    return rows[0], rows[1:]


def numbered_rows(sheet):
    """(row number, cells) of each row that holds anything, without the empty cells
    that end it (a sheet may hold many empty rows that only carry formatting)."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [cell_text(value) for value in values]
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            yield number, cells
