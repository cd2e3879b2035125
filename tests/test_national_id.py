"""No fødselsnummer anywhere: the staff import refuses a file with a column named like one or any
cell holding one (a D-nummer too), the whole file, before anything is stored."""
import pytest

from mentorplan.national_id import looks_like_national_id
from mentorplan.staff_csv import StaffFileError, parse_staff_csv

from .test_import_staff import GOOD_ROW, HEADER

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

    from . import factories
    with app.app_context():
        factories.kommune()
        db.session.commit()
    path = tmp_path / "staff.csv"
    path.write_text(f"{HEADER};notat\n{GOOD_ROW};\n{GOOD_ROW.replace('9001', '9002')};{FNR}\n", encoding="utf-8")
    result = runner.invoke(args=["import-staff", str(path)])
    assert result.exit_code != 0 and "fødselsnummer" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 0
