"""`import-staff`: the pure parser, applying rows to the database, and the command."""
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    EndReason,
    Employment,
    Kommune,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Profession,
    Role,
    RoleAssignment,
    Unit,
    UnitType,
    User,
    Ward,
)
from mentorplan.people.staff_csv import StaffFileError, decode_staff_file, parse_staff_csv
from mentorplan.people.staff_import import import_staff_rows

from tests import factories

DATA = Path(__file__).parent.parent / "data"
SAMPLE = DATA / "sample-staff.csv"
KOMMUNE = "Trondheim kommune"
UNIT = "Lade helse- og velferdssenter"
HEADER = "ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;" \
         "stillingsprosent;nyutdannet;mentor_ansattnr;roller"
GOOD_ROW = "9001;Kari;Nordmann;kari@example.no;sykepleier;Lade;Avdeling 2;2015-03-01;;;100;nei;;"


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def parse_errors(text: str) -> list[str]:
    with pytest.raises(StaffFileError) as caught:
        parse_staff_csv(text)
    return [str(error) for error in caught.value.errors]


# --- The parser, without an app ----------------------------------------------------------


def test_parses_the_sample_into_typed_rows():
    rows = parse_staff_csv(sample_text())

    assert [row.employee_number for row in rows] == ["9001", "9002", "9003", "9101", "9102"]
    assert [row.line for row in rows] == [2, 3, 4, 5, 6]
    sara = rows[3]
    assert (sara.first_name, sara.last_name, sara.email) == ("Sara", "Ali", "sara.ali@example.no")
    assert sara.profession is Profession.SYKEPLEIER
    assert (sara.unit, sara.ward) == (UNIT, "Avdeling 2")
    assert sara.start_date == date(2026, 1, 5)
    assert (sara.end_date, sara.end_reason) == (None, None)
    assert (sara.position_percent, sara.newly_graduated) == (100, True)
    assert (sara.mentor_number, sara.roles) == ("9002", ())
    assert rows[0].roles == (Role.AVDELINGSLEDER,)
    assert rows[4].profession is Profession.VERNEPLEIER and rows[4].position_percent == 75


def test_bom_comma_shuffled_columns_unknown_column_and_norwegian_dates_read_like_the_sample():
    variant = parse_staff_csv(decode_staff_file((DATA / "staff-bom-comma-shuffled.csv").read_bytes()))
    sample = parse_staff_csv(sample_text())

    assert variant[0].roles == (Role.AVDELINGSLEDER, Role.HR)
    assert variant[0].start_date == date(2015, 3, 1)
    assert [row.line for row in variant] == [2, 3, 4, 5, 6]
    # Apart from the extra role, every row reads the same as the sample's.
    assert [r.__dict__ | {"roles": ()} for r in variant] == [r.__dict__ | {"roles": ()} for r in sample]


def test_an_empty_optional_column_takes_its_default():
    [row] = parse_staff_csv(f"{HEADER}\n9001;Kari;Nordmann;;annet;Lade;;01.03.2015;;;;;;\n")

    assert (row.email, row.ward, row.position_percent, row.newly_graduated) == (None, None, 100, False)
    assert row.profession is Profession.ANNET
    assert row.roles == ()


def test_only_required_columns_are_needed():
    [row] = parse_staff_csv("ansattnr,fornavn,etternavn,stilling,enhet,startdato\n"
                            "9001,Kari,Nordmann,Sykepleier, Lade ,2015-03-01\n")

    assert (row.unit, row.profession, row.start_date) == ("Lade", Profession.SYKEPLEIER, date(2015, 3, 1))


def test_an_ended_employment_reads_its_end():
    [row] = parse_staff_csv(f"{HEADER}\n9001;Kari;Nordmann;;sykepleier;Lade;;2015-03-01;31.05.2025;"
                            "intern_overgang;80 %;JA;;mentor, hr, mentor\n")

    assert (row.end_date, row.end_reason) == (date(2025, 5, 31), EndReason.INTERN_OVERGANG)
    assert (row.position_percent, row.newly_graduated) == (80, True)
    assert row.roles == (Role.MENTOR, Role.HR)


@pytest.mark.parametrize(("column", "value", "message"), [
    ("stilling", "lege", "Linje 2, kolonne «stilling»: «lege» er ikke en gyldig stilling (gyldige: "
                         "sykepleier, spesialsykepleier, vernepleier, helsefagarbeider, annet)."),
    ("ansattnr", "", "Linje 2, kolonne «ansattnr»: må fylles ut."),
    ("enhet", " ", "Linje 2, kolonne «enhet»: må fylles ut."),
    ("enhet", "=HYPERLINK(\"x\")", "Linje 2, kolonne «enhet»: «=HYPERLINK(\"x\")» kan ikke begynne med '=': "
                                 "et regneark ville lest navnet som en formel."),
    ("avdeling", "@SUM(A1)", "Linje 2, kolonne «avdeling»: «@SUM(A1)» kan ikke begynne med '@': "
                             "et regneark ville lest navnet som en formel."),
    ("startdato", "2015-02-30", "Linje 2, kolonne «startdato»: «2015-02-30» er ikke en gyldig dato "
                                "(bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."),
    ("startdato", "1.3.2015", "Linje 2, kolonne «startdato»: «1.3.2015» er ikke en gyldig dato "
                              "(bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."),
    ("stillingsprosent", "0", "Linje 2, kolonne «stillingsprosent»: «0» er ikke en gyldig stillingsprosent "
                              "(et helt tall fra 1 til 100)."),
    ("stillingsprosent", "50,5", "Linje 2, kolonne «stillingsprosent»: «50,5» er ikke en gyldig "
                                 "stillingsprosent (et helt tall fra 1 til 100)."),
    ("nyutdannet", "yes", "Linje 2, kolonne «nyutdannet»: «yes» er ikke gyldig her (bruk ja eller nei)."),
    ("epost", "kari.example.no", "Linje 2, kolonne «epost»: «kari.example.no» er ikke en gyldig e-postadresse."),
    ("roller", "mentor,admin", "Linje 2, kolonne «roller»: «admin» er ikke en gyldig rolle "
                               "(gyldige: mentor, avdelingsleder, enhetsleder, hr)."),
    ("mentor_ansattnr", "9001", "Linje 2, kolonne «mentor_ansattnr»: en ansatt kan ikke være sin egen mentor."),
    ("sluttaarsak", "frivillig", "Linje 2, kolonne «sluttaarsak»: er fylt ut, men sluttdato mangler."),
    ("sluttdato", "2016-01-01", "Linje 2, kolonne «sluttaarsak»: må fylles ut når sluttdato er satt (gyldige: "
                                "frivillig, arbeidsgiver, intern_overgang, pensjon, midlertidig_utlopt, annet)."),
    ("ansattnr", "1" * 21, "Linje 2, kolonne «ansattnr»: verdien er for lang (høyst 20 tegn)."),
])
def test_a_bad_value_is_named_by_line_and_column(column, value, message):
    cells = dict(zip(HEADER.split(";"), GOOD_ROW.split(";")))
    cells[column] = value

    assert parse_errors(f"{HEADER}\n{';'.join(cells.values())}\n") == [message]


def test_an_end_before_the_start_is_an_error():
    errors = parse_errors(f"{HEADER}\n9001;Kari;Nordmann;;sykepleier;Lade;;2015-03-01;2015-02-28;frivillig;;;;\n")

    assert errors == ["Linje 2, kolonne «sluttdato»: sluttdato 28.02.2015 er før startdato 01.03.2015."]


def test_overlapping_employments_of_one_person_in_one_unit_are_an_error():
    errors = parse_errors(f"{HEADER}\n"
                          "9001;Kari;Nordmann;;sykepleier;Lade;;2015-03-01;2016-02-28;frivillig;;;;\n"
                          "9002;Per;Nordmann;;sykepleier;Lade;;2015-03-01;;;;;;\n"
                          "9001;Kari;Nordmann;;sykepleier;LADE;;2016-01-04;;;;;;\n"
                          "9001;Kari;Nordmann;;sykepleier;Tiller;;2016-01-04;;;;;;\n")

    assert errors == ["Linje 4, kolonne «startdato»: ansattnr 9001 har allerede et arbeidsforhold ved «Lade» "
                      "01.03.2015–28.02.2016 (linje 2), som overlapper med dette."]


def test_employments_one_after_the_other_in_one_unit_are_fine():
    rows = parse_staff_csv(f"{HEADER}\n"
                           "9001;Kari;Nordmann;;sykepleier;Lade;;2015-03-01;2016-02-28;frivillig;;;;\n"
                           "9001;Kari;Nordmann;;sykepleier;Lade;;2016-02-29;;;;;;\n")
    assert len(rows) == 2


def test_every_error_in_the_file_is_reported_with_its_physical_line():
    errors = parse_errors((DATA / "staff-many-errors.csv").read_text(encoding="utf-8"))

    assert errors == [
        "Linje 3, kolonne «etternavn»: må fylles ut.",
        "Linje 3, kolonne «epost»: «ola.hansen(at)example.no» er ikke en gyldig e-postadresse.",
        "Linje 3, kolonne «startdato»: «15/08/2012» er ikke en gyldig dato "
        "(bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).",
        "Linje 5, kolonne «stillingsprosent»: «120» er ikke en gyldig stillingsprosent "
        "(et helt tall fra 1 til 100).",
        "Linje 5, kolonne «nyutdannet»: «kanskje» er ikke gyldig her (bruk ja eller nei).",
        "Linje 5, kolonne «roller»: «sjef» er ikke en gyldig rolle (gyldige: mentor, avdelingsleder, "
        "enhetsleder, hr).",
        "Linje 5, kolonne «sluttdato»: sluttdato 31.12.2025 er før startdato 05.01.2026.",
        "Linje 5, kolonne «mentor_ansattnr»: en ansatt kan ikke være sin egen mentor.",
        "Linje 6, kolonne «sluttaarsak»: må fylles ut når sluttdato er satt (gyldige: frivillig, "
        "arbeidsgiver, intern_overgang, pensjon, midlertidig_utlopt, annet).",
        "Linje 7, kolonne «fornavn»: ansattnr 9001 heter «Kari Nordmann» på linje 2, "
        "men «Karin Nordmann» her.",
        "Linje 7, kolonne «startdato»: ansattnr 9001 har allerede en rad for «Lade helse- og velferdssenter» "
        "med samme startdato (linje 2).",
    ]


def test_missing_header_columns_are_one_error_naming_them():
    errors = parse_errors((DATA / "staff-missing-columns.csv").read_text(encoding="utf-8"))

    assert errors == ["Linje 1: mangler påkrevde kolonner: «enhet», «startdato»."]


def test_a_file_with_another_delimiter_gets_a_hint():
    errors = parse_errors("ansattnr\tfornavn\tetternavn\n9001\tKari\tNordmann\n")

    assert len(errors) == 1
    assert errors[0].startswith("Linje 1: mangler påkrevde kolonner: «ansattnr», «fornavn»")
    assert errors[0].endswith("Fant bare én kolonne: skilletegnet må være ; eller ,.")


def test_a_column_given_twice_is_an_error():
    errors = parse_errors(f"{HEADER};Enhet\n{GOOD_ROW};Lade\n")

    assert errors == ["Linje 1: kolonnen «enhet» står flere ganger i overskriftsraden."]


def test_the_same_person_with_another_email_is_an_error():
    text = f"{HEADER}\n{GOOD_ROW}\n9001;Kari;Nordmann;kari.n@example.no;sykepleier;Byåsen;;2020-01-01;;;;;;\n"

    assert parse_errors(text) == [
        "Linje 3, kolonne «epost»: ansattnr 9001 har e-post «kari@example.no» på linje 2, "
        "men «kari.n@example.no» her."]


def test_a_delimiter_inside_an_unquoted_value_is_caught():
    errors = parse_errors("ansattnr,fornavn,etternavn,stilling,enhet,startdato,roller\n"
                          "9001,Kari,Nordmann,sykepleier,Lade,2015-03-01,mentor,hr\n")

    assert errors == ["Linje 2: raden har 8 felt, men overskriftsraden har 7. "
                      "Står det et skilletegn inne i en verdi uten anførselstegn?"]


def test_an_unclosed_quote_names_the_line_it_starts_on():
    errors = parse_errors(f"{HEADER}\n{GOOD_ROW}\n\n9002;\"Ola;Hansen;;sykepleier;Lade;;2015-03-01;;;;;;\n")

    assert errors == ["Linje 4: anførselstegnene (\") står ikke riktig, så raden kan ikke leses."]


def test_an_empty_file_and_a_header_only_file_are_errors():
    assert parse_errors("\ufeff\n") == ["Linje 1: filen er tom."]
    assert parse_errors(f"{HEADER}\n") == ["Linje 2: filen har ingen ansatte under overskriftsraden."]


def test_a_file_that_is_not_utf8_is_refused_with_the_line():
    with pytest.raises(StaffFileError) as caught:
        decode_staff_file(f"{HEADER}\n9001;Kåre".encode("cp1252"))

    assert [str(e) for e in caught.value.errors] == [
        "Linje 2: filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."]


def test_a_bom_is_accepted_in_bytes_and_in_text():
    from_bytes = parse_staff_csv(decode_staff_file(b"\xef\xbb\xbf" + SAMPLE.read_bytes()))
    from_text = parse_staff_csv("\ufeff" + sample_text())

    assert len(from_bytes) == len(from_text) == 5
    assert from_bytes[0].employee_number == from_text[0].employee_number == "9001"


# --- The command and the database --------------------------------------------------------


def import_file(runner, path, kommune=KOMMUNE):
    args = ["import-staff", str(path)] + (["--kommune", kommune] if kommune else [])
    return runner.invoke(args=args)


def table_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def person(number: str) -> Person:
    return db.session.scalars(select(Person).where(Person.employee_number == number)).one()


def mentorship_of(number: str) -> Mentorship:
    return db.session.scalars(select(Mentorship).join(Mentorship.mentee)
                              .where(Person.employee_number == number)).one()


def roles() -> set[tuple]:
    return {(a.person.employee_number, a.role, a.unit.name if a.unit else None, a.ward.name if a.ward else None,
             a.valid_to) for a in db.session.scalars(select(RoleAssignment))}


def write(tmp_path, text: str, name="staff.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sample_with(old: str, new: str) -> str:
    assert old in sample_text()
    return sample_text().replace(old, new)


def test_the_sample_imports_people_units_roles_and_plans(app, runner, smtp):
    result = import_file(runner, SAMPLE)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Leste 5 rader fra sample-staff.csv inn i {KOMMUNE}.",
        "Ansatte: 5 nye, 0 endret.",
        "Ansettelser: 5 nye, 0 endret.",
        "Enheter: 1 ny. Avdelinger: 1 ny.",
        "Roller: 3 nye, 0 endret.",
        "Mentorforløp: 2 startet, 0 fikk ny mentor.",
        "Kontoer: 5 nye, invitasjon sendt på e-post til 5 av 5.",
    ]
    assert result.stderr == ""
    assert [mail.subject for mail in smtp.to("sara.ali@example.no")] == ["Du er invitert til mentorplan"]
    with app.app_context():
        [kommune] = db.session.scalars(select(Kommune))
        [unit] = db.session.scalars(select(Unit))
        assert (kommune.name, unit.name, unit.unit_type) == (KOMMUNE, UNIT, UnitType.HELSE_OG_VELFERDSSENTER)
        assert [w.name for w in unit.wards] == ["Avdeling 2"]
        sara = person("9101")
        assert (sara.full_name, sara.email, sara.kommune_id) == ("Sara Ali", "sara.ali@example.no", kommune.id)
        [job] = sara.employments
        assert (job.unit, job.ward.name, job.start_date, job.position_percent) == (unit, "Avdeling 2",
                                                                                   date(2026, 1, 5), 100)
        assert (job.profession, job.newly_graduated, job.end_date) == (Profession.SYKEPLEIER, True, None)
        assert db.session.scalar(select(func.count()).select_from(Employment)) == 5
        assert roles() == {
            ("9001", Role.AVDELINGSLEDER, UNIT, "Avdeling 2", None),
            ("9002", Role.MENTOR, UNIT, None, None),
            ("9003", Role.MENTOR, UNIT, None, None),
        }
        for mentee, mentor, backup, start in (("9101", "9002", "9003", date(2026, 1, 5)),
                                              ("9102", "9003", "9002", date(2026, 1, 19))):
            mentorship = mentorship_of(mentee)
            assert mentorship.mentor.employee_number == mentor
            # The other mentor of the same file is the back-up: roles were written first.
            assert mentorship.backup_mentor.employee_number == backup
            assert mentorship.employment.start_date == mentorship.start_date == start
            assert mentorship.plan.start_date == start
            assert len(mentorship.plan.activities) == 34
            assert mentorship.plan.template.unit_id is None
        # Everyone in the file has a role or a mentorship and an address: an account each, invited,
        # with no password until the invitation is taken (tests/auth/test_invitations.py).
        users = list(db.session.scalars(select(User)))
        assert sorted(u.person.employee_number for u in users) == ["9001", "9002", "9003", "9101", "9102"]
        assert all(u.password_hash is None and u.invitation_token_hash for u in users)


def test_reimporting_the_same_file_changes_nothing(app, runner):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        before = table_counts()
        plan_ids = sorted(db.session.scalars(select(Plan.id)))

    result = import_file(runner, SAMPLE, kommune=None)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Leste 5 rader fra sample-staff.csv inn i {KOMMUNE}.",
        "Ingen endringer: alt var allerede som i filen.",
    ]
    with app.app_context():
        assert table_counts() == before
        assert before["person"] == 5 and before["plan_activity"] == 68
        assert sorted(db.session.scalars(select(Plan.id))) == plan_ids


def test_applying_the_same_rows_twice_counts_nothing_the_second_time(ctx):
    kommune = factories.kommune(KOMMUNE)
    rows = parse_staff_csv(sample_text())

    first = import_staff_rows(kommune, rows)
    second = import_staff_rows(kommune, rows)

    assert (first.people_created, first.employments_created, first.roles_added,
            first.mentorships_started, first.units_created, first.wards_created) == (5, 5, 3, 2, 1, 1)
    assert not second.changed_anything
    assert second.rows == 5


def test_the_variant_file_imports_like_the_sample(app, runner):
    result = import_file(runner, DATA / "staff-bom-comma-shuffled.csv")

    assert result.exit_code == 0, result.output
    assert "Roller: 4 nye, 0 endret." in result.stdout
    with app.app_context():
        assert person("9001").employments[0].start_date == date(2015, 3, 1)
        assert ("9001", Role.HR, None, None, None) in roles()
        assert mentorship_of("9102").mentor.employee_number == "9003"
        assert len(mentorship_of("9101").plan.activities) == 34


def test_one_bad_row_stores_nothing(app, runner):
    result = import_file(runner, DATA / "staff-one-bad-row.csv")

    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        "Linje 4, kolonne «stilling»: «lege» er ikke en gyldig stilling (gyldige: sykepleier, "
        "spesialsykepleier, vernepleier, helsefagarbeider, annet).",
        "Ingenting er lagret (1 feil).",
    ]
    assert result.stdout == ""
    with app.app_context():
        assert set(table_counts().values()) == {0}


def test_a_bad_file_leaves_an_existing_kommune_as_it_was(app, runner):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        before = table_counts()

    result = import_file(runner, DATA / "staff-one-bad-row.csv")

    assert result.exit_code != 0
    assert "Linje 4, kolonne «stilling»" in result.stderr
    with app.app_context():
        assert table_counts() == before


def test_every_error_is_printed(app, runner):
    result = import_file(runner, DATA / "staff-many-errors.csv")

    assert result.exit_code != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 12 and lines[-1] == "Ingenting er lagret (11 feil)."
    assert lines[0] == "Linje 3, kolonne «etternavn»: må fylles ut."
    assert lines[-2].startswith("Linje 7, kolonne «startdato»: ansattnr 9001 har allerede en rad")
    with app.app_context():
        assert set(table_counts().values()) == {0}


def test_a_missing_header_column_is_reported(app, runner):
    result = import_file(runner, DATA / "staff-missing-columns.csv")

    assert result.exit_code != 0
    assert result.stderr.splitlines()[0] == "Linje 1: mangler påkrevde kolonner: «enhet», «startdato»."
    with app.app_context():
        assert set(table_counts().values()) == {0}


def test_an_unknown_mentor_is_reported_and_nothing_stored(app, runner):
    result = import_file(runner, DATA / "staff-unknown-mentor.csv")

    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        f"Linje 4, kolonne «mentor_ansattnr»: fant ingen ansatt med ansattnr 9999, verken i filen "
        f"eller i {KOMMUNE}.",
        "Ingenting er lagret (1 feil).",
    ]
    with app.app_context():
        assert set(table_counts().values()) == {0}


def test_a_mentor_already_in_the_kommune_may_be_named(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    newcomer = write(tmp_path, f"{HEADER}\n9103;Eva;Dahl;;sykepleier;{UNIT};Avdeling 2;2026-02-02;;;;ja;9003;\n")

    result = import_file(runner, newcomer)

    assert result.exit_code == 0, result.output
    assert "Mentorforløp: 1 startet, 0 fikk ny mentor." in result.stdout
    with app.app_context():
        mentorship = mentorship_of("9103")
        assert (mentorship.mentor.employee_number, mentorship.backup_mentor.employee_number) == ("9003", "9002")
        assert mentorship.plan.start_date == date(2026, 2, 2)


def test_an_internal_transfer_is_one_person_with_two_employments(app, runner):
    result = import_file(runner, DATA / "staff-internal-transfer.csv")

    assert result.exit_code == 0, result.output
    assert "Ansatte: 1 ny, 0 endret." in result.stdout
    assert "Ansettelser: 2 nye, 0 endret." in result.stdout
    with app.app_context():
        maria = person("9201")
        first, second = maria.employments
        assert (first.unit.name, first.ward.name, first.end_date, first.end_reason) == (
            UNIT, "Avdeling 2", date(2025, 5, 31), EndReason.INTERN_OVERGANG)
        assert (second.unit.name, second.ward.name, second.start_date, second.end_date) == (
            "Hjemmesykepleien Øst", "Sone 1", date(2025, 6, 1), None)
        assert second.unit.unit_type is UnitType.HJEMMESYKEPLEIE
        assert second.position_percent == 80
        assert roles() == {("9201", Role.MENTOR, "Hjemmesykepleien Øst", None, None)}


def test_a_new_end_date_updates_the_employment(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    ended = write(tmp_path, sample_with("2026-01-19;;;75", "2026-01-19;2026-03-31;frivillig;75"))

    result = import_file(runner, ended)

    assert result.exit_code == 0, result.output
    assert "Ansettelser: 0 nye, 1 endret." in result.stdout
    assert "Ansatte: 0 nye, 0 endret." in result.stdout
    with app.app_context():
        [job] = person("9102").employments
        assert (job.end_date, job.end_reason, job.position_percent) == (date(2026, 3, 31), EndReason.FRIVILLIG, 75)
        assert db.session.scalar(select(func.count()).select_from(Employment)) == 5


def test_a_mentor_who_leaves_keeps_the_role_only_until_the_end(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    ended = write(tmp_path, sample_with("2010-01-04;;;80", "2010-01-04;2026-06-30;pensjon;80"))

    result = import_file(runner, ended)

    assert result.exit_code == 0, result.output
    assert "Roller: 0 nye, 1 endret." in result.stdout
    with app.app_context():
        assert ("9003", Role.MENTOR, UNIT, None, date(2026, 6, 30)) in roles()
        assert db.session.scalar(select(func.count()).select_from(RoleAssignment)) == 3


def test_a_new_name_and_email_update_the_person(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    renamed = write(tmp_path, sample_with("9101;Sara;Ali;sara.ali@example.no",
                                          "9101;Sara;Ali Berg;Sara.Berg@Example.no"))

    result = import_file(runner, renamed)

    assert result.exit_code == 0, result.output
    assert "Ansatte: 0 nye, 1 endret." in result.stdout
    with app.app_context():
        sara = person("9101")
        assert (sara.full_name, sara.email) == ("Sara Ali Berg", "sara.berg@example.no")
        assert db.session.scalar(select(func.count()).select_from(Person)) == 5


def test_a_new_mentor_takes_over_the_same_plan(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        plan_id = mentorship_of("9101").plan.id
        activity_ids = sorted(db.session.scalars(select(PlanActivity.id).where(PlanActivity.plan_id == plan_id)))
    changed = write(tmp_path, sample_with("2026-01-05;;;100;ja;9002;", "2026-01-05;;;100;ja;9003;"))

    result = import_file(runner, changed)

    assert result.exit_code == 0, result.output
    assert "Mentorforløp: 0 startet, 1 fikk ny mentor." in result.stdout
    with app.app_context():
        mentorship = mentorship_of("9101")
        assert mentorship.mentor.employee_number == "9003"
        # The new mentor was the back-up; the old one takes that place.
        assert mentorship.backup_mentor.employee_number == "9002"
        assert mentorship.plan.id == plan_id
        assert sorted(a.id for a in mentorship.plan.activities) == activity_ids
        assert db.session.scalar(select(func.count()).select_from(Mentorship)) == 2


def test_units_and_wards_match_whatever_their_case(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    shouted = write(tmp_path, f"{HEADER}\n9103;Eva;Dahl;;sykepleier;{UNIT.upper()};avdeling 2;2026-02-02;;;;;;\n")

    result = import_file(runner, shouted)

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Unit)) == 1
        assert db.session.scalar(select(func.count()).select_from(Ward)) == 1
        assert person("9103").employments[0].ward.name == "Avdeling 2"


def test_existing_roles_and_mentorships_are_reused(app, runner, world, tmp_path):
    # world: «Lade helse- og velferdssenter» in Testkommune, with mentor and mentee already paired.
    with app.app_context():
        mentor = db.session.get(Person, world.person_ids["mentor"])
        mentee = db.session.get(Person, world.person_ids["mentee"])
        before = table_counts()
        text = (f"{HEADER}\n{mentor.employee_number};Mona;Mentor;mentor@test.no;sykepleier;{UNIT};Avdeling 1;"
                f"2015-01-05;;;;;;mentor\n{mentee.employee_number};Nina;Nytilsatt;mentee@test.no;sykepleier;"
                f"{UNIT};Avdeling 1;2026-09-07;;;;ja;{mentor.employee_number};\n")

    result = import_file(runner, write(tmp_path, text), kommune="Testkommune")

    assert result.exit_code == 0, result.output
    assert "Ingen endringer" in result.stdout
    with app.app_context():
        assert table_counts() == before


def test_a_failure_while_writing_is_rolled_back_without_a_stack_trace(app, runner, monkeypatch):
    def half_done(kommune, rows, *args, **kwargs):
        db.session.add(Person(kommune=kommune, employee_number="1", first_name="Halv", last_name="Ferdig"))
        db.session.flush()
        raise RuntimeError("disken er full")

    monkeypatch.setattr("mentorplan.people.staff_file.import_staff_rows", half_done)

    result = import_file(runner, SAMPLE)

    assert result.exit_code != 0
    assert result.stderr == "Importen ble avbrutt, og ingenting er lagret: RuntimeError: disken er full\n"
    assert "Traceback" not in result.output
    with app.app_context():
        assert set(table_counts().values()) == {0}


def test_without_a_kommune_the_command_asks_for_one(app, runner):
    result = import_file(runner, SAMPLE, kommune=None)

    assert result.exit_code != 0
    assert "Oppgi kommunen med --kommune NAVN" in result.stderr
    with app.app_context():
        assert set(table_counts().values()) == {0}


def test_a_row_overlapping_a_stored_employment_is_refused_and_nothing_stored(app, runner, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        before = table_counts()
    overlapping = write(tmp_path, f"{HEADER}\n9102;Jonas;Lie;;vernepleier;{UNIT};Avdeling 2;2026-03-02;;;;ja;;\n")

    result = import_file(runner, overlapping)

    assert result.exit_code != 0
    assert result.stderr.splitlines()[0].startswith(
        f"Linje 2, kolonne «startdato»: ansattnr 9102 har allerede et arbeidsforhold ved «{UNIT}» fra 19.01.2026, "
        f"uten sluttdato i {KOMMUNE}")
    with app.app_context():
        assert table_counts() == before
