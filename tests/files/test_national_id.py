"""No fødselsnummer anywhere: the staff import refuses a file with a column named like one or any
cell holding one (a D-nummer too), the whole file, before anything is stored."""
import pytest

from mentorplan.files.national_id import looks_like_national_id
from mentorplan.people.staff_csv import StaffFileError, parse_staff_csv

from tests.people.test_import_staff import GOOD_ROW, HEADER

FNR, D_NUMBER = "01019012480", "41019012555"


@pytest.mark.parametrize(("value", "expected"), [
    (FNR, True), (D_NUMBER, True), ("010190 12480", True), ("01019012481", False), ("12345678901", False),
    ("9001", False), ("0101901248", False), ("", False), ("2015-03-01", False),
])
def test_looks_like_national_id(value, expected):
    assert looks_like_national_id(value) is expected


def errors_of(text: str) -> list[str]:
    with pytest.raises(StaffFileError) as caught:
        parse_staff_csv(text)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("name", ["fødselsnummer", "Fnr", "personnummer"])
def test_a_column_named_like_a_national_id_is_refused(name):
    [error] = errors_of(f"{HEADER};{name}\n{GOOD_ROW};\n")
    assert "fødselsnummer" in error and name in error


@pytest.mark.parametrize("value", [FNR, D_NUMBER])
def test_a_national_id_in_any_column_is_refused_by_line(value):
    errors = errors_of(f"{HEADER};notat\n{GOOD_ROW};{value}\n")
    assert len(errors) == 1 and "«notat»" in errors[0] and "fødselsnummer" in errors[0]


def test_a_national_id_as_employee_number_is_refused():
    errors = errors_of(f"{HEADER}\n{FNR}{GOOD_ROW[4:]}\n")
    assert any("«ansattnr»" in e for e in errors)


def test_the_command_stores_nothing(app, runner, tmp_path):
    from sqlalchemy import func, select

    from mentorplan.extensions import db
    from mentorplan.models import Person

    from tests import factories
    with app.app_context():
        factories.kommune()
        db.session.commit()
    path = tmp_path / "staff.csv"
    path.write_text(f"{HEADER};notat\n{GOOD_ROW};\n{GOOD_ROW.replace('9001', '9002')};{FNR}\n", encoding="utf-8")
    result = runner.invoke(args=["import-staff", str(path)])
    assert result.exit_code != 0 and "fødselsnummer" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 0


# --- The turnus import: CSV and iCalendar ----------------------------------------------------

from pathlib import Path  # noqa: E402

from mentorplan.turnus.csv_file import parse_turnus_csv  # noqa: E402
from mentorplan.turnus.entries import TurnusFileError  # noqa: E402
from mentorplan.turnus.ical_file import parse_turnus_ics  # noqa: E402

from tests.turnus.test_turnus_import import HEADER as TURNUS_HEADER, TODAY, import_file, staff, table_counts, today  # noqa: E402,F401

ICS = (Path(__file__).parent.parent / "data" / "turnus-9101.ics").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["fødselsnummer", "FNR", "personnummer"])
def test_the_turnus_csv_refuses_a_column_named_like_a_national_id(name):
    with pytest.raises(TurnusFileError) as caught:
        parse_turnus_csv(f"{TURNUS_HEADER};{name}\n9002;2026-01-05;D1;07:45;15:15;\n", TODAY)
    [error] = [str(e) for e in caught.value.errors]
    assert error.startswith("Linje 1: kolonnen") and f"«{name}»" in error and "fødselsnummer" in error


@pytest.mark.parametrize(("row", "column"), [
    (f"9002;2026-01-05;D1;07:45;15:15;{FNR}", "notat"),
    (f"9002;2026-01-05;D1;07:45;15:15;{D_NUMBER}", "notat"),
    (f"{FNR};2026-01-05;D1;07:45;15:15;", "ansattnr"),
])
def test_the_turnus_csv_refuses_a_national_id_in_any_cell_by_line_and_column(row, column):
    turnus = parse_turnus_csv(f"{TURNUS_HEADER};notat\n9002;2026-01-06;D1;07:45;15:15;\n{row}\n", TODAY)
    assert [str(e) for e in turnus.errors] == [
        f"Linje 3: kolonnen «{column}» ser ut til å inneholde et fødselsnummer. "
        "mentorplan lagrer ikke fødselsnumre: fjern det fra filen."]
    assert sum(len(v) for v in turnus.entries.values()) == 1  # the row is left out; the import stops


@pytest.mark.parametrize(("change", "message"), [
    (("SUMMARY:D1 Dagvakt", f"SUMMARY:D1 Dagvakt for {FNR}"),
     "Linje 8: feltet «SUMMARY» ser ut til å inneholde et fødselsnummer."),
    (("X-MENTORPLAN-ANSATTNR:9101", f"X-MENTORPLAN-ANSATTNR:9101\nDESCRIPTION:fnr {FNR[:6]} {FNR[6:]}"),
     "Linje 5: feltet «DESCRIPTION» ser ut til å inneholde et fødselsnummer."),
    # Folded over two lines (RFC 5545): found all the same, on the line the property starts.
    (("SUMMARY:K1", f"SUMMARY:K1 {D_NUMBER[:4]}\n {D_NUMBER[4:]}"),
     "Linje 15: feltet «SUMMARY» ser ut til å inneholde et fødselsnummer."),
    (("X-MENTORPLAN-ANSATTNR:9101", "X-MENTORPLAN-ANSATTNR:9101\nX-FODSELSNUMMER:ja"),
     "Linje 5: feltet «X-FODSELSNUMMER» ser ut til å være fødselsnummer."),
])
def test_an_icalendar_turnus_holding_a_national_id_is_refused_by_line_and_field(change, message):
    with pytest.raises(TurnusFileError) as caught:
        parse_turnus_ics(ICS.replace(*change).encode(), TODAY)
    [error] = [str(e) for e in caught.value.errors]
    assert error.startswith(message)


def test_a_national_id_given_as_the_calendars_person_is_refused():
    with pytest.raises(TurnusFileError, match="fødselsnummer"):
        parse_turnus_ics(ICS.replace("X-MENTORPLAN-ANSATTNR:9101\n", "").encode(), TODAY, FNR)


@pytest.mark.parametrize("kind", ["csv", "ics"])
def test_the_turnus_command_stores_nothing_from_a_file_with_a_national_id(app, runner, staff, tmp_path, kind):
    from mentorplan.extensions import db
    if kind == "csv":
        path = tmp_path / "turnus.csv"
        path.write_text(f"{TURNUS_HEADER};notat\n9002;2026-01-05;D1;07:45;15:15;\n"
                        f"9002;2026-01-06;D1;07:45;15:15;{FNR}\n", encoding="utf-8")
    else:
        path = tmp_path / "turnus.ics"
        path.write_text(ICS.replace("SUMMARY:K1", f"SUMMARY:K1 {FNR}"), encoding="utf-8")
    with app.app_context():
        before = table_counts()
    result = import_file(runner, path)
    assert result.exit_code == 1
    assert "fødselsnummer" in result.output and "Ingenting er lagret" in result.output
    with app.app_context():
        assert table_counts() == before
        db.session.remove()
