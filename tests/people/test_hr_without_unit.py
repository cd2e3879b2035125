"""HR needs no made-up unit (issue 23): a staff-file row whose `roller` holds only `hr` may leave
`enhet` empty; it gives the person the role in the whole kommune and creates no unit and no
employment (before, an HR adviser's row made a care unit «… kommune HR» that showed in every unit
filter and scope picker). Any other row still needs its unit."""
import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Employment, Person, Role, RoleAssignment, Unit
from mentorplan.people.staff_csv import StaffFileError, parse_staff_csv

HEADER = ("ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;"
          "stillingsprosent;nyutdannet;mentor_ansattnr;roller")
NURSE = "7002;Per;Post;per@kommune.no;sykepleier;Byåsen;Post 1;2011-01-03;;;100;nei;;avdelingsleder"
HR = "7004;Hilde;Hr;hilde@kommune.no;annet;;;2013-01-07;;;100;nei;;hr"


def errors_of(text: str) -> list[str]:
    with pytest.raises(StaffFileError) as raised:
        parse_staff_csv(text)
    return [str(error) for error in raised.value.errors]


def import_file(runner, tmp_path, *rows):
    path = tmp_path / "personal.csv"
    path.write_text("\n".join((HEADER, *rows)) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-staff", str(path), "--kommune", "Testkommune"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_hr_row_may_leave_enhet_empty():
    [row] = parse_staff_csv(f"{HEADER}\n{HR}\n")
    assert (row.unit, row.ward, row.roles) == (None, None, (Role.HR,))


@pytest.mark.parametrize("roles", ["", "mentor", "hr, avdelingsleder", "hr,admin"])
def test_any_other_row_still_needs_its_unit(roles):
    row = f"7004;Hilde;Hr;hilde@kommune.no;annet;;;2013-01-07;;;100;nei;;{roles}"
    assert "Linje 2, kolonne «enhet»: må fylles ut." in errors_of(f"{HEADER}\n{row}\n")


@pytest.mark.parametrize(("column", "row"), [
    ("avdeling", "7004;Hilde;Hr;hilde@kommune.no;annet;;Post 1;2013-01-07;;;100;nei;;hr"),
    ("mentor_ansattnr", "7004;Hilde;Hr;hilde@kommune.no;annet;;;2013-01-07;;;100;nei;7002;hr"),
])
def test_a_row_without_a_unit_has_no_ward_and_no_mentor(column, row):
    assert errors_of(f"{HEADER}\n{NURSE}\n{row}\n") == [
        f"Linje 3, kolonne «{column}»: må stå tom på en rad uten enhet (bare rollen hr); fyll ut enhet ellers."]


def test_an_hr_row_without_a_unit_creates_no_unit_and_no_employment(app, runner, tmp_path, world):
    with app.app_context():
        units_before = set(db.session.scalars(select(Unit.name)))
    printed = import_file(runner, tmp_path, NURSE, HR)
    assert "Leste 2 rader fra personal.csv inn i Testkommune." in printed
    assert "Ansatte: 2 nye, 0 endret." in printed
    assert "Ansettelser: 1 ny, 0 endret." in printed  # Per's only
    assert "Enheter: 1 ny. Avdelinger: 1 ny." in printed  # Byåsen and its Post 1, nothing for Hilde
    assert "Roller: 2 nye, 0 endret." in printed
    with app.app_context():
        assert set(db.session.scalars(select(Unit.name))) - units_before == {"Byåsen"}
        hilde = db.session.scalar(select(Person).where(Person.employee_number == "7004"))
        assert db.session.scalar(select(Employment.id).where(Employment.person_id == hilde.id)) is None
        [role] = db.session.scalars(select(RoleAssignment).where(RoleAssignment.person_id == hilde.id))
        assert (role.role, role.unit_id, role.ward_id, role.kommune_id) == (Role.HR, None, None, world.kommune_id)


def test_importing_the_hr_row_again_changes_nothing(app, runner, tmp_path, world):
    import_file(runner, tmp_path, NURSE, HR)
    assert "Ingen endringer: alt var allerede som i filen." in import_file(runner, tmp_path, NURSE, HR)


def test_an_hr_row_with_an_end_date_ends_the_role_then(app, runner, tmp_path, world):
    import_file(runner, tmp_path, "7004;Hilde;Hr;;annet;;;2013-01-07;2026-12-31;frivillig;100;nei;;hr")
    with app.app_context():
        valid_to = db.session.scalar(select(RoleAssignment.valid_to).join(Person, Person.id == RoleAssignment.person_id)
                                     .where(Person.employee_number == "7004"))
    assert f"{valid_to:%d.%m.%Y}" == "31.12.2026"


def test_the_hr_adviser_without_a_unit_is_invited_and_offered_no_made_up_unit(app, runner, tmp_path, world, smtp,
                                                                             login):
    import_file(runner, tmp_path, NURSE, HR)
    assert len(smtp.to("hilde@kommune.no")) == 1
    # The admin's scope picker offers the kommune's real units only.
    picker = login(world.email("admin")).get(f"/admin/kontoer/{world.person_ids['mentor']}").get_data(as_text=True)
    assert "Byåsen (hele enheten)" in picker and " HR" not in picker.split('id="scope"')[1].split("</select>")[0]
