"""Every table of a report as CSV or as an Excel workbook (real numbers and dates, a header row)."""
from collections.abc import Iterator, Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from mentorplan.files.export import append_row, csv_bytes, csv_cell, workbook_bytes
from mentorplan.retention.report import Report, Table

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


def _csv_value(value):
    return f"{value:.4f}" if isinstance(value, float) else csv_cell(value)


def report_csv(report: Report) -> bytes:
    """All tables one after another, each with its title and header row; `;`-separated UTF-8 with BOM."""
    return csv_bytes(_report_rows(report), cell=_csv_value)


def _report_rows(report: Report) -> Iterator[Sequence]:
    yield from question_rows(report)
    for table in report.tables:
        yield []
        yield [table.title]
        yield [c.title for c in table.columns]
        yield from table.rows


def report_xlsx(report: Report) -> bytes:
    """One sheet per table, plus «Utvalg» with the question; rates are numbers formatted as percent."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Utvalg"
    for row in question_rows(report):
        append_row(sheet, row)
        _format_row(sheet, [None, "date" if isinstance(row[1], date) else "text"])
    sheet.column_dimensions["A"].width = 14
    for table in report.tables:
        _table_sheet(book, table)
    return workbook_bytes(book)


def _table_sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(SHEETS[table.key])
    append_row(sheet, [c.title for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in table.rows:
        append_row(sheet, list(row))
        _format_row(sheet, [c.kind for c in table.columns])
    for index, column in enumerate(table.columns):
        sheet.column_dimensions[sheet.cell(1, index + 1).column_letter].width = max(12, min(40, len(column.title) + 2))


def _format_row(sheet, kinds: Sequence[str | None]) -> None:
    for cell, kind in zip(sheet[sheet.max_row], kinds):
        if kind == "rate" and isinstance(cell.value, float):
            cell.number_format = RATE_FORMAT
        elif kind == "date" and isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
