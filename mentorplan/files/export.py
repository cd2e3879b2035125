"""The one way mentorplan writes CSV and .xlsx files: text a spreadsheet would run as a formula is
made inert, wherever it came from (names and unit names come from imported files).

Pure: no Flask, no database.
"""
import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

# A cell whose text begins with one of these is read as a formula by Excel and LibreOffice (CSV
# injection, OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """Text that a spreadsheet would run as a formula, with a leading apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value):
    """A value as a CSV cell: empty for None, dates ISO, formula text inert."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return inert(value)


def csv_bytes(rows: Iterable[Sequence], cell: Callable = csv_cell) -> bytes:
    """`;`-separated UTF-8 with a BOM (so Excel reads æøå), CRLF line ends; every cell through `cell`,
    which must make formula text inert (csv_cell does)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def append_row(sheet: Worksheet, row: Sequence) -> None:
    """Append a row of values; text that would be a formula is stored as text, never as a formula
    (openpyxl stores any string beginning with `=` as a live formula)."""
    sheet.append(list(row))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.value = inert(cell.value)
            cell.data_type = "s"


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
