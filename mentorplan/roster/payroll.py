"""The funksjonstillegg per mentor for a period, as CSV or as an Excel workbook, for payroll."""
from openpyxl import Workbook
from openpyxl.styles import Font

from mentorplan.files.export import append_row, csv_bytes, workbook_bytes
from mentorplan.planning.supplement import Period
from mentorplan.roster.operations import PayrollLine

HEADER = ["Enhet", "Ansattnr", "Navn", "Fra og med", "Til og med", "Måneder", "Tillegg per år (kr)",
          "Tillegg i perioden (kr)"]


def _row(line: PayrollLine) -> list:
    return [line.unit, line.employee_number, line.name, line.first, line.last, float(line.months), line.annual,
            int(line.amount)]


def payroll_csv(lines: list[PayrollLine]) -> bytes:
    """`;`-separated UTF-8 with BOM; dates ISO, months with a decimal point."""
    return csv_bytes([HEADER] + [_row(line) for line in lines])


def payroll_xlsx(lines: list[PayrollLine], period: Period) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Funksjonstillegg"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for line in lines:
        append_row(sheet, _row(line))
        for cell in sheet[sheet.max_row][3:5]:
            cell.number_format = "DD.MM.YYYY"
    sheet.append([])
    sheet.append(["Periode", period.first, period.last])
    for cell in sheet[sheet.max_row][1:3]:
        cell.number_format = "DD.MM.YYYY"
    return workbook_bytes(book)
