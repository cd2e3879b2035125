"""Every table of a report as CSV or as an Excel workbook (real numbers and dates, a header row)."""
import csv
import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from .report import Report, Table

# A cell whose text begins with one of these is read as a formula by Excel and LibreOffice (CSV
# injection, OWASP): names come from imported files, so such text is made inert.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RATE_FORMAT = "0.0%"
DATE_FORMAT = "DD.MM.YYYY"
# Excel allows 31 characters and none of []:*?/\ in a sheet name.
SHEETS = {"sammendrag": "Sammendrag", "kohorter": "Kohorter", "overlevelse": "Overlevelse", "enhet": "Per enhet",
          "yrke": "Per yrke", "nyutdannet": "Nyutdannet og erfaren", "mentor": "Med og uten mentor",
          "sluttaarsaker": "Sluttårsaker", "overganger": "Interne overganger", "for_etter": "Før og etter",
          "mentorer": "Mentorer", "mentorer_enhet": "Mentorer per enhet"}


def question_rows(report: Report) -> list[list]:
    q = report.question
    rows = [["Ansatt fra", q.start_from], ["Ansatt til", q.start_to], ["Måneder", q.months], ["Per dato", q.as_of]]
    if q.units is not None:
        rows.append(["Enheter", ", ".join(sorted(q.units))])
    if report.suppressed:
        rows.append(["Personvern", "Grupper med færre enn 5 personer vises som «<5»."])
    return rows


def inert(value):
    """Text that a spreadsheet would run as a formula, with a leading apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4f}"
    return value


def report_csv(report: Report) -> bytes:
    """All tables one after another, each with its title and header row; `;`-separated UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in question_rows(report):
        writer.writerow([_csv_value(v) for v in row])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.title for c in table.columns])
        writer.writerows([_csv_value(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_xlsx(report: Report) -> bytes:
    """One sheet per table, plus «Utvalg» with the question; rates are numbers formatted as percent."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Utvalg"
    for row in question_rows(report):
        _append(sheet, row)
        _format_row(sheet, [None, "date" if isinstance(row[1], date) else "text"])
    sheet.column_dimensions["A"].width = 14
    for table in report.tables:
        _table_sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table_sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(SHEETS[table.key])
    _append(sheet, [c.title for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in table.rows:
        _append(sheet, list(row))
        _format_row(sheet, [c.kind for c in table.columns])
    for index, column in enumerate(table.columns):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = max(12, min(40, len(column.title) + 2))


def _append(sheet, row: Sequence) -> None:
    """A row of values; text that would be a formula is stored as text, never as a formula."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.value = inert(cell.value)
            cell.data_type = "s"


def _format_row(sheet, kinds: Sequence[str | None]) -> None:
    for cell, kind in zip(sheet[sheet.max_row], kinds):
        if kind == "rate" and isinstance(cell.value, float):
            cell.number_format = RATE_FORMAT
        elif kind == "date" and isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
