"""`import-turnus` and the leader's upload: the pure readers, applying entries, the command, the pages."""
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import Absence, AbsenceKind, Kommune, PendingUpload, Person, Shift, ShiftCode, ShiftSource
from mentorplan.turnus.changes import plan_turnus_import
from mentorplan.turnus.csv_file import parse_turnus_csv
from mentorplan.turnus.entries import TurnusFileError, check_entries
from mentorplan.turnus.ical_file import parse_turnus_ics
from mentorplan.turnus.imports import import_turnus
from mentorplan.turnus.reading import read_turnus_file
from mentorplan.turnus.time_rules import real_duration

from tests import factories
from tests.conftest import csrf_token

DATA = Path(__file__).parent.parent / "data"
SAMPLE = DATA / "turnus-sample.csv"
KOMMUNE = "Trondheim kommune"
UNIT = "Lade helse- og velferdssenter"
TODAY = date(2026, 6, 1)
HEADER = "ansattnr;dato;vaktkode;start;slutt"
SAMPLE_PEOPLE = ("9002", "9003", "9101", "9102")


def at(day: str, clock: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))


def read(text: str):
    return parse_turnus_csv(text, TODAY)


def row_errors(text: str) -> list[str]:
    return [str(error) for error in read(text).errors]


def write(tmp_path, text: str, name="turnus.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- Reading the CSV, without an app ---------------------------------------------------------


def test_reads_the_sample_into_entries_per_person():
    turnus = read_turnus_file(SAMPLE, TODAY)

    assert turnus.rows == 168 and turnus.errors == []
    assert sorted(turnus.entries) == list(SAMPLE_PEOPLE)
    first = turnus.entries["9002"][0]
    assert (first.line, first.day, first.code) == (2, date(2026, 1, 5), "D1")
    assert (first.starts, first.ends) == (at("2026-01-05", "07:45"), at("2026-01-05", "15:15"))
    day_off = turnus.entries["9002"][3]
    assert (day_off.code, day_off.day_off, day_off.is_shift, day_off.starts) == ("F1", True, False, None)
    ferie = [e for e in turnus.entries["9003"] if e.absence]
    assert [e.day for e in ferie] == [date(2026, 2, d) for d in range(2, 9)]
    assert {e.absence for e in ferie} == {AbsenceKind.FERIE}


def test_a_night_shift_ends_the_next_day():
    [night] = read(f"{HEADER}\n9101;2026-02-11;N1;23:00;07:00\n").entries["9101"]

    assert (night.day, night.starts, night.ends) == (date(2026, 2, 11), at("2026-02-11", "23:00"),
                                                     at("2026-02-12", "07:00"))


def test_night_shifts_over_the_clock_changes_keep_their_wall_clock_times():
    entries = read_turnus_file(DATA / "turnus-night-dst.csv", TODAY).entries["9101"]
    october, march = entries[1], entries[4]

    assert (october.starts, october.ends) == (at("2026-10-24", "23:00"), at("2026-10-25", "07:00"))
    assert (march.day, march.starts, march.ends) == (date(2026, 3, 28), at("2026-03-28", "23:00"),
                                                     at("2026-03-29", "07:00"))
    # Worked hours differ: the October night has an extra hour, the March night one less.
    assert real_duration(october.starts, october.ends) == timedelta(hours=9)
    assert real_duration(march.starts, march.ends) == timedelta(hours=7)


def test_a_time_skipped_by_the_march_change_is_refused():
    errors = row_errors(f"{HEADER}\n9101;2026-03-29;D1;02:30;08:00\n9101;2026-03-30;N1;22:00;02:30\n"
                        "9101;2026-03-28;N1;22:00;02:30\n")

    assert errors == [
        "Linje 2, kolonne «start»: klokkeslettet 02:30 finnes ikke 29.03.2026: klokka stilles fra 02:00 til "
        "03:00 den natta.",
        "Linje 4, kolonne «slutt»: klokkeslettet 02:30 finnes ikke 29.03.2026: klokka stilles fra 02:00 til "
        "03:00 den natta.",
    ]


def test_bom_comma_shuffled_columns_unknown_column_and_norwegian_dates():
    turnus = read_turnus_file(DATA / "turnus-bom-comma-table-code.csv", TODAY)

    d1, ferie, long_day = turnus.entries["9101"]
    assert turnus.errors == []
    assert (d1.line, d1.starts, d1.ends) == (2, at("2026-01-05", "07:45"), at("2026-01-05", "15:15"))
    assert (ferie.day, ferie.absence) == (date(2026, 1, 6), AbsenceKind.FERIE)
    # Empty times: the ward's code table fills them in (turnus_import).
    assert (long_day.code, long_day.is_shift, long_day.starts) == ("L1", True, None)


def test_codes_are_read_in_capitals_and_times_on_absences_are_ignored():
    entries = read(f"{HEADER}\n9101;2026-01-05;d1;7:45;15:15\n9101;2026-01-06;fe;07:45;15:15\n").entries["9101"]

    assert [(e.code, e.starts, e.absence) for e in entries] == [
        ("D1", at("2026-01-05", "07:45"), None), ("FE", None, AbsenceKind.FERIE)]


@pytest.mark.parametrize(("cells", "message"), [
    ("9101;2026-02-01;D1;25:00;15:15",
     "Linje 2, kolonne «start»: «25:00» er ikke et gyldig klokkeslett (bruk TT:MM, for eksempel 07:45)."),
    ("9101;2026-02-01;D1;07:45;7.5",
     "Linje 2, kolonne «slutt»: «7.5» er ikke et gyldig klokkeslett (bruk TT:MM, for eksempel 07:45)."),
    ("9101;2026-02-01;D1;07:45;", "Linje 2, kolonne «slutt»: må fylles ut når start er fylt ut."),
    ("9101;2026-02-01;L1;06:00;23:00",
     "Linje 2, kolonne «slutt»: vakten varer 17 timer; en vakt kan vare høyst 16 timer."),
    ("9101;2026-02-01;D1;07:45;07:45",
     "Linje 2, kolonne «slutt»: vakten varer 24 timer; en vakt kan vare høyst 16 timer."),
    ("9101;2026-02-30;D1;07:45;15:15",
     "Linje 2, kolonne «dato»: «2026-02-30» er ikke en gyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."),
    ("9101;2020-01-01;D1;07:45;15:15",
     "Linje 2, kolonne «dato»: datoen 01.01.2020 ligger utenfor planen: en turnus kan gjelde fra 01.06.2024 "
     "til 01.06.2028 (to år før og etter i dag)."),
    ("9101;2028-06-02;D1;07:45;15:15",
     "Linje 2, kolonne «dato»: datoen 02.06.2028 ligger utenfor planen: en turnus kan gjelde fra 01.06.2024 "
     "til 01.06.2028 (to år før og etter i dag)."),
    (";2026-02-01;D1;07:45;15:15", "Linje 2, kolonne «ansattnr»: må fylles ut."),
    ("9101;2026-02-01;;;", "Linje 2, kolonne «vaktkode»: må fylles ut."),
    ("9101;2026-02-01;DAGVAKT-LANG;07:45;15:15",
     "Linje 2, kolonne «vaktkode»: «DAGVAKT-LANG» er for lang til å være en vaktkode (høyst 10 tegn)."),
    ("9101;2026-02-01;D1;07:45;15:15;x",
     "Linje 2: raden har 6 felt, men overskriftsraden har 5. Står det et skilletegn inne i en verdi uten "
     "anførselstegn?"),
])
def test_a_bad_value_is_named_by_line_and_column(cells, message):
    turnus = read(f"{HEADER}\n{cells}\n")

    assert [str(error) for error in turnus.errors] == [message]
    assert turnus.entries == {}


def test_a_file_without_the_required_columns_is_refused():
    with pytest.raises(TurnusFileError) as caught:
        read("ansattnr;dato;start;slutt\n9101;2026-01-05;07:45;15:15\n")

    assert str(caught.value) == "Linje 1: mangler påkrevde kolonner: «vaktkode»."


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n".encode() + "9101;2026-01-06;Kø;;\n".encode("latin-1"))

    with pytest.raises(TurnusFileError) as caught:
        read_turnus_file(path, TODAY)

    assert str(caught.value) == "Linje 3: filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen."


def test_rows_of_one_person_are_checked_together():
    turnus = read(f"{HEADER}\n9101;2026-02-10;D1;07:45;15:15\n9101;2026-02-10;FE;;\n"
                  "9101;2026-02-11;N1;23:00;07:00\n9101;2026-02-12;D1;06:30;14:00\n"
                  "9101;2026-02-13;D1;07:45;11:00\n9101;2026-02-13;K1;15:00;23:00\n9101;2026-02-14;F1;;\n"
                  "9101;2026-02-14;F2;;\n9101;2026-02-15;D1;07:00;15:00\n9101;2026-02-15;K1;14:00;22:00\n")

    assert [str(e) for e in check_entries(turnus, turnus.entries["9101"])] == [
        "Linje 3, kolonne «vaktkode»: ansatt 9101 har fravær (FE) 10.02.2026, men også vakt (D1) samme dag på "
        "linje 2; en dag med fravær eller fridag kan ikke ha andre rader.",
        "Linje 5, kolonne «start»: vakten D1 12.02.2026 06:30–14:00 overlapper vakten N1 på linje 4 "
        "(11.02.2026 23:00–12.02.2026 07:00).",
        "Linje 9, kolonne «vaktkode»: ansatt 9101 har fridag (F2) 14.02.2026, men også fridag (F1) samme dag på "
        "linje 8; en dag med fravær eller fridag kan ikke ha andre rader.",
        "Linje 11, kolonne «start»: vakten K1 15.02.2026 14:00–22:00 overlapper vakten D1 på linje 10 "
        "(15.02.2026 07:00–15.02.2026 15:00).",
    ]


def test_reading_stops_after_a_thousand_errors():
    turnus = read(f"{HEADER}\n" + "9101;2026-02-01;D1;25:00;15:15\n" * 1200)

    assert len(turnus.errors) == 1001
    assert str(turnus.errors[-1]) == ("Linje 1002: for mange feil: lesingen stoppet etter 1000. "
                                      "Rett disse og prøv igjen.")


# --- Reading iCalendar, without an app -------------------------------------------------------


def test_reads_an_icalendar_file_in_any_zone():
    turnus = read_turnus_file(DATA / "turnus-9101.ics", TODAY)

    assert turnus.is_calendar and turnus.errors == [] and turnus.rows == 4
    d1, k1, n1, *ferie = turnus.entries["9101"]
    assert (d1.line, d1.code, d1.starts, d1.ends) == (5, "D1", at("2026-01-05", "07:45"), at("2026-01-05", "15:15"))
    # 14:00Z in January is 15:00 in Oslo.
    assert (k1.code, k1.starts, k1.ends) == ("K1", at("2026-01-06", "15:00"), at("2026-01-06", "23:00"))
    assert (n1.day, n1.starts, n1.ends) == (date(2026, 10, 24), at("2026-10-24", "23:00"), at("2026-10-25", "07:00"))
    assert [(e.day, e.absence) for e in ferie] == [(date(2026, 1, d), AbsenceKind.FERIE) for d in (12, 13, 14)]


def test_an_icalendar_file_names_its_person_or_is_given_one():
    data = (DATA / "turnus-no-number.ics").read_bytes()

    assert [str(e) for e in parse_turnus_ics(data, TODAY).errors] == [
        "Filen: filen sier ikke hvem den gjelder: X-MENTORPLAN-ANSATTNR mangler. Oppgi ansattnummeret "
        "(på kommandolinjen: --ansattnr)."]
    assert sorted(parse_turnus_ics(data, TODAY, "9102").entries) == ["9102"]
    with_number = (DATA / "turnus-9101.ics").read_bytes()
    assert sorted(parse_turnus_ics(with_number, TODAY, "9101").entries) == ["9101"]
    assert [str(e) for e in parse_turnus_ics(with_number, TODAY, "9102").errors] == [
        "Filen: filen gjelder ansattnr 9101 (X-MENTORPLAN-ANSATTNR), men ansattnummeret som er oppgitt er 9102."]


def test_a_bad_event_is_named_by_its_line():
    turnus = read_turnus_file(DATA / "turnus-bad-event.ics", TODAY)

    assert [str(e) for e in turnus.errors] == [
        "Linje 11, felt «DTEND»: vakten slutter før den begynner.",
        "Linje 17, felt «SUMMARY»: mangler: det første ordet skal være vaktkoden.",
    ]
    assert [e.day for e in turnus.entries["9101"]] == [date(2026, 1, 5)]


def test_an_icalendar_file_made_with_the_library_reads_back():
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//test//NO")
    calendar.add("version", "2.0")
    calendar.add("x-mentorplan-ansattnr", "9101")
    event = icalendar.Event()
    event.add("uid", "1@test")
    event.add("summary", "L1")
    # The day the clocks go forward: 04:30 UTC is 06:30 summer time.
    event.add("dtstart", datetime(2026, 3, 29, 4, 30, tzinfo=UTC))
    event.add("dtend", datetime(2026, 3, 29, 18, 0, tzinfo=ZoneInfo("Europe/Oslo")))
    calendar.add_component(event)

    [entry] = parse_turnus_ics(calendar.to_ical(), TODAY).entries["9101"]

    assert (entry.starts, entry.ends) == (at("2026-03-29", "06:30"), at("2026-03-29", "18:00"))


def test_text_that_is_no_calendar_is_refused(tmp_path):
    path = tmp_path / "x.ics"
    path.write_text("BEGIN:VCALENDAR\nthis is not\n", encoding="utf-8")

    with pytest.raises(TurnusFileError) as caught:
        read_turnus_file(path, TODAY)

    assert str(caught.value).startswith("Filen: filen er ikke en gyldig iCalendar-fil")


# --- Applying entries to the database --------------------------------------------------------


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


@pytest.fixture
def staff(app, today):
    """Trondheim kommune with the sample's four people in Lade, Avdeling 2, and L1 in its code table."""
    with app.app_context():
        kommune = factories.kommune(KOMMUNE)
        unit = factories.unit(kommune, UNIT, wards=("Avdeling 2", "Avdeling 3"))
        db.session.flush()
        for number in SAMPLE_PEOPLE:
            person = factories.person(kommune, "Ansatt", number, number=number)
            factories.employment(person, unit, date(2020, 1, 6), ward=unit.wards[0])
        db.session.add_all([
            ShiftCode(unit=unit, ward=None, code="L1", starts=time(7, 0), ends=time(19, 0), label="Langvakt"),
            ShiftCode(unit=unit, ward=unit.wards[0], code="L1", starts=time(6, 30), ends=time(18, 0)),
            ShiftCode(unit=unit, ward=unit.wards[1], code="X1", starts=time(8, 0), ends=time(16, 0)),
            ShiftCode(unit=unit, ward=None, code="K2", starts=time(14, 30), ends=time(22, 30)),
            ShiftCode(unit=unit, ward=None, code="N2", starts=time(2, 30), ends=time(8, 0)),
            ShiftCode(unit=unit, ward=None, code="AFF", starts=None, ends=None, label="Avspasering"),
        ])
        db.session.commit()
        return kommune.id


def import_file(runner, path, *extra, kommune=KOMMUNE):
    args = ["import-turnus", str(path)] + (["--kommune", kommune] if kommune else []) + list(extra)
    return runner.invoke(args=args)


def table_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def shifts_of(number: str) -> list[tuple]:
    return list(db.session.execute(
        select(Shift.day, Shift.code, Shift.starts, Shift.ends).join(Shift.person)
        .where(Person.employee_number == number).order_by(Shift.starts)))


def absences_of(number: str) -> list[tuple]:
    return list(db.session.execute(
        select(Absence.day, Absence.kind).join(Absence.person)
        .where(Person.employee_number == number).order_by(Absence.day)))


def ids(model) -> list[int]:
    return sorted(db.session.scalars(select(model.id)))


def apply_text(kommune_id: int, text: str):
    return import_turnus(db.session.get(Kommune, kommune_id), read(text))


def test_the_sample_imports_for_its_people(app, runner, staff):
    result = import_file(runner, SAMPLE)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Leste 168 rader fra turnus-sample.csv inn i {KOMMUNE}: 4 ansatte, 05.01.2026–15.02.2026.",
        "Vakter: 114 nye, 0 fjernet, 0 endret.",
        "Fravær: 7 nye, 0 fjernet, 0 endret.",
        "Turnusen er endret for 4 av 4 ansatte.",
    ]
    with app.app_context():
        assert table_counts()["shift"] == 114 and table_counts()["absence"] == 7
        assert set(db.session.scalars(select(Shift.source))) == {ShiftSource.IMPORT}
        assert shifts_of("9002")[:3] == [
            (date(2026, 1, 5), "D1", at("2026-01-05", "07:45"), at("2026-01-05", "15:15")),
            (date(2026, 1, 6), "D1", at("2026-01-06", "07:45"), at("2026-01-06", "15:15")),
            (date(2026, 1, 7), "K1", at("2026-01-07", "15:00"), at("2026-01-07", "23:00")),
        ]
        assert absences_of("9003") == [(date(2026, 2, d), AbsenceKind.FERIE) for d in range(2, 9)]


def test_reimporting_the_same_file_changes_nothing(app, runner, staff):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        before = (ids(Shift), ids(Absence), table_counts())

    result = import_file(runner, SAMPLE, kommune=None)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["Ingen endringer: alt var allerede som i filen."]
    with app.app_context():
        assert (ids(Shift), ids(Absence), table_counts()) == before


def test_night_shifts_over_the_clock_changes_are_stored_as_wall_clock_times(app, runner, staff):
    result = import_file(runner, DATA / "turnus-night-dst.csv")

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert [row for row in shifts_of("9101") if row[1] == "N1"] == [
            (date(2026, 3, 28), "N1", at("2026-03-28", "23:00"), at("2026-03-29", "07:00")),
            (date(2026, 10, 24), "N1", at("2026-10-24", "23:00"), at("2026-10-25", "07:00")),
        ]


def test_empty_times_come_from_the_code_table_and_the_ward_row_wins(ctx, staff):
    summary = apply_text(staff, f"{HEADER}\n9101;2026-01-05;L1;;\n9101;2026-01-06;K2;;\n9101;2026-01-07;AFF;;\n")

    # Avdeling 2's own L1 (06:30–18:00) wins over the unit's (07:00–19:00); K2 is the unit's.
    assert shifts_of("9101") == [
        (date(2026, 1, 5), "L1", at("2026-01-05", "06:30"), at("2026-01-05", "18:00")),
        (date(2026, 1, 6), "K2", at("2026-01-06", "14:30"), at("2026-01-06", "22:30")),
    ]
    # AFF has no times in the table: the ward's own code for a day off.
    assert (summary.shifts_added, summary.first_day, summary.last_day) == (2, date(2026, 1, 5), date(2026, 1, 7))


def test_a_code_the_table_does_not_know_needs_times(app, runner, staff, tmp_path):
    text = f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n9101;2026-01-06;X1;;\n9101;2026-03-29;N2;;\n"

    result = import_file(runner, write(tmp_path, text))

    assert result.exit_code == 1
    # X1 belongs to another ward; N2's 02:30 does not exist on the March change day.
    assert result.stderr.splitlines() == [
        "Linje 3, kolonne «vaktkode»: vaktkoden «X1» finnes ikke i kodetabellen der ansatt 9101 jobber, så "
        "start og slutt må fylles ut.",
        "Linje 4, kolonne «vaktkode»: vaktkoden N2 (02:30–08:00 i kodetabellen): klokkeslettet 02:30 finnes "
        "ikke 29.03.2026: klokka stilles fra 02:00 til 03:00 den natta.",
        "Ingenting er lagret (2 feil).",
    ]
    with app.app_context():
        assert table_counts()["shift"] == 0


def test_an_absence_replaces_the_shift_that_day(ctx, staff):
    apply_text(staff, f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n9101;2026-01-06;D1;07:45;15:15\n")
    kept = db.session.scalar(select(Shift.id).where(Shift.day == date(2026, 1, 5)))

    summary = apply_text(staff, f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n9101;2026-01-06;SY;;\n")

    assert (summary.shifts_removed, summary.absences_added, summary.shifts_added) == (1, 1, 0)
    assert [row[0] for row in shifts_of("9101")] == [date(2026, 1, 5)]
    assert absences_of("9101") == [(date(2026, 1, 6), AbsenceKind.SYKEFRAVAER)]
    assert ids(Shift) == [kept]


def test_a_changed_shift_or_absence_is_counted_as_changed(ctx, staff):
    apply_text(staff, f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n9101;2026-01-06;FE;;\n9101;2026-01-07;D1;07:45;15:15\n")
    unchanged = db.session.scalar(select(Shift.id).where(Shift.day == date(2026, 1, 7)))

    summary = apply_text(staff, f"{HEADER}\n9101;2026-01-05;K1;15:00;23:00\n9101;2026-01-06;KU;;\n"
                                "9101;2026-01-07;D1;07:45;15:15\n")

    assert (summary.shifts_changed, summary.shifts_added, summary.shifts_removed) == (1, 0, 0)
    assert (summary.absences_changed, summary.absences_added, summary.absences_removed) == (1, 0, 0)
    assert unchanged in ids(Shift)
    assert shifts_of("9101") == [(date(2026, 1, 5), "K1", at("2026-01-05", "15:00"), at("2026-01-05", "23:00")),
                                 (date(2026, 1, 7), "D1", at("2026-01-07", "07:45"), at("2026-01-07", "15:15"))]
    assert absences_of("9101") == [(date(2026, 1, 6), AbsenceKind.KURS)]


def test_a_suggested_shift_the_file_confirms_becomes_imported(ctx, staff):
    person_id = db.session.scalar(select(Person.id).where(Person.employee_number == "9101"))
    db.session.add(Shift(person_id=person_id, day=date(2026, 1, 5), code="D1", starts=at("2026-01-05", "07:45"),
                         ends=at("2026-01-05", "15:15"), source=ShiftSource.SUGGESTION))
    db.session.flush()

    summary = apply_text(staff, f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n")
    again = apply_text(staff, f"{HEADER}\n9101;2026-01-05;D1;07:45;15:15\n")

    assert (summary.shifts_changed, summary.shifts_added, summary.shifts_removed) == (1, 0, 0)
    assert list(db.session.scalars(select(Shift.source))) == [ShiftSource.IMPORT]
    assert not again.changed_anything


def test_a_narrower_file_replaces_only_its_range_and_its_people(app, runner, staff, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        before = {number: shifts_of(number) for number in SAMPLE_PEOPLE}
    # 9002 only, 12–14 January: a day shift becomes a day off, a K1 a D1, a day off a K1.
    text = f"{HEADER}\n9002;2026-01-12;F1;;\n9002;2026-01-13;D1;07:45;15:15\n9002;2026-01-14;K1;15:00;23:00\n"

    result = import_file(runner, write(tmp_path, text))

    assert result.exit_code == 0, result.output
    assert "Vakter: 1 ny, 1 fjernet, 1 endret." in result.stdout
    with app.app_context():
        after = shifts_of("9002")
        outside = [row for row in after if not date(2026, 1, 12) <= row[0] <= date(2026, 1, 14)]
        assert outside == [row for row in before["9002"] if not date(2026, 1, 12) <= row[0] <= date(2026, 1, 14)]
        assert [row[:2] for row in after if date(2026, 1, 12) <= row[0] <= date(2026, 1, 14)] == [
            (date(2026, 1, 13), "D1"), (date(2026, 1, 14), "K1")]
        assert all(shifts_of(number) == before[number] for number in ("9003", "9101", "9102"))


def test_every_bad_row_is_named_and_nothing_is_stored(app, runner, staff):
    result = import_file(runner, DATA / "turnus-many-errors.csv")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Linje 2, kolonne «start»: «25:00» er ikke et gyldig klokkeslett (bruk TT:MM, for eksempel 07:45).",
        "Linje 3, kolonne «start»: «7.5» er ikke et gyldig klokkeslett (bruk TT:MM, for eksempel 07:45).",
        "Linje 4, kolonne «start»: klokkeslettet 02:30 finnes ikke 29.03.2026: klokka stilles fra 02:00 til "
        "03:00 den natta.",
        "Linje 5, kolonne «slutt»: vakten varer 17 timer; en vakt kan vare høyst 16 timer.",
        "Linje 6, kolonne «dato»: datoen 01.01.2020 ligger utenfor planen: en turnus kan gjelde fra 01.06.2024 "
        "til 01.06.2028 (to år før og etter i dag).",
        "Linje 7, kolonne «dato»: «2026-02-30» er ikke en gyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).",
        "Linje 8, kolonne «slutt»: må fylles ut når start er fylt ut.",
        "Linje 9, kolonne «vaktkode»: vaktkoden «X9» finnes ikke i kodetabellen der ansatt 9101 jobber, så "
        "start og slutt må fylles ut.",
        f"Linje 10, kolonne «ansattnr»: fant ingen ansatt med ansattnr 9999 i {KOMMUNE}.",
        "Linje 12, kolonne «vaktkode»: ansatt 9101 har fravær (FE) 10.02.2026, men også vakt (D1) samme dag på "
        "linje 11; en dag med fravær eller fridag kan ikke ha andre rader.",
        "Linje 14, kolonne «start»: vakten D1 12.02.2026 06:30–14:00 overlapper vakten N1 på linje 13 "
        "(11.02.2026 23:00–12.02.2026 07:00).",
        "Linje 15, kolonne «ansattnr»: må fylles ut.",
        "Ingenting er lagret (12 feil).",
    ]
    assert "Traceback" not in result.output
    with app.app_context():
        assert table_counts()["shift"] == table_counts()["absence"] == 0


def test_one_bad_row_leaves_an_earlier_import_as_it_was(app, runner, staff, tmp_path):
    assert import_file(runner, SAMPLE).exit_code == 0
    with app.app_context():
        before = (ids(Shift), ids(Absence), table_counts())
    broken = SAMPLE.read_text(encoding="utf-8").replace("9002;2026-01-06;D1;07:45;15:15", "9002;2026-01-06;D1;07:45;25:15")

    result = import_file(runner, write(tmp_path, broken))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "Ingenting er lagret (1 feil)."
    with app.app_context():
        assert (ids(Shift), ids(Absence), table_counts()) == before


def test_an_unknown_number_is_reported_once(app, runner, staff, tmp_path):
    text = f"{HEADER}\n" + "".join(f"4242;2026-01-{d:02d};D1;07:45;15:15\n" for d in range(5, 9))

    result = import_file(runner, write(tmp_path, text))

    assert result.stderr.splitlines() == [
        f"Linje 2, kolonne «ansattnr»: fant ingen ansatt med ansattnr 4242 i {KOMMUNE} (gjelder også 3 rader til).",
        "Ingenting er lagret (1 feil).",
    ]


def test_an_icalendar_file_imports_as_one_persons_turnus(app, runner, staff):
    result = import_file(runner, DATA / "turnus-9101.ics")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        f"Leste 4 rader fra turnus-9101.ics inn i {KOMMUNE}: 1 ansatt, 05.01.2026–24.10.2026.",
        "Vakter: 3 nye, 0 fjernet, 0 endret.",
        "Fravær: 3 nye, 0 fjernet, 0 endret.",
    ]
    with app.app_context():
        assert shifts_of("9101") == [
            (date(2026, 1, 5), "D1", at("2026-01-05", "07:45"), at("2026-01-05", "15:15")),
            (date(2026, 1, 6), "K1", at("2026-01-06", "15:00"), at("2026-01-06", "23:00")),
            (date(2026, 10, 24), "N1", at("2026-10-24", "23:00"), at("2026-10-25", "07:00")),
        ]
        assert absences_of("9101") == [(date(2026, 1, d), AbsenceKind.FERIE) for d in (12, 13, 14)]


def test_the_person_of_an_icalendar_file_may_be_given(app, runner, staff):
    without = import_file(runner, DATA / "turnus-no-number.ics")
    given = import_file(runner, DATA / "turnus-no-number.ics", "--ansattnr", "9102")
    contradicted = import_file(runner, DATA / "turnus-9101.ics", "--ansattnr", "9102")

    assert without.exit_code == 1 and "X-MENTORPLAN-ANSATTNR mangler" in without.stderr
    assert given.exit_code == 0, given.output
    assert contradicted.exit_code == 1
    assert contradicted.stderr.splitlines() == [
        "Filen: filen gjelder ansattnr 9101 (X-MENTORPLAN-ANSATTNR), men ansattnummeret som er oppgitt er 9102.",
        "Ingenting er lagret (1 feil).",
    ]
    with app.app_context():
        assert len(shifts_of("9102")) == 3 and shifts_of("9101") == []


def test_a_number_cannot_be_given_for_a_csv(runner, staff):
    result = import_file(runner, SAMPLE, "--ansattnr", "9101")

    assert result.exit_code == 1
    assert "et ansattnummer kan bare oppgis for en iCalendar-fil" in result.stderr


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(app, runner, staff, monkeypatch):
    app.config["MAX_UPLOAD_BYTES"] = SAMPLE.stat().st_size
    monkeypatch.setattr("mentorplan.turnus.cli.read_turnus_file", pytest.fail)

    result = import_file(runner, SAMPLE)

    assert result.exit_code == 1
    assert result.stderr.startswith("Filen er for stor (")
    assert "Ingenting er lagret." in result.stderr
    with app.app_context():
        assert table_counts()["shift"] == 0


def test_a_failure_while_writing_is_rolled_back_without_a_stack_trace(app, runner, staff, monkeypatch):
    def half_done(kommune, turnus):
        db.session.add(Shift(person_id=db.session.scalar(select(Person.id).limit(1)), day=date(2026, 1, 5),
                             code="D1", starts=at("2026-01-05", "07:00"), ends=at("2026-01-05", "15:00")))
        db.session.flush()
        raise RuntimeError("disken er full")
    monkeypatch.setattr("mentorplan.turnus.cli.import_turnus", half_done)

    result = import_file(runner, SAMPLE)

    assert result.exit_code == 1
    assert result.stderr == "Importen ble avbrutt, og ingenting er lagret: RuntimeError: disken er full\n"
    with app.app_context():
        assert table_counts()["shift"] == 0


def test_people_whose_turnus_changed_are_replanned(app, runner, staff, monkeypatch):
    replanned = []
    monkeypatch.setattr("mentorplan.turnus.imports.replan_people", lambda ids: replanned.append(set(ids)))

    assert import_file(runner, SAMPLE).exit_code == 0
    assert import_file(runner, SAMPLE).exit_code == 0

    with app.app_context():
        people = set(db.session.scalars(select(Person.id).where(Person.employee_number.in_(SAMPLE_PEOPLE))))
    assert replanned == [people]  # the second import changed nobody's turnus


def test_the_plan_of_an_import_reads_without_writing(ctx, staff):
    plan = plan_turnus_import(db.session.get(Kommune, staff), read_turnus_file(SAMPLE, TODAY))

    assert [(p.employee_number, p.shifts_added, p.absences_added) for p in plan.summary.per_person] == [
        ("9002", 30, 0), ("9003", 24, 7), ("9101", 30, 0), ("9102", 30, 0)]
    assert table_counts()["shift"] == 0


# --- The leader's upload page -----------------------------------------------------------------


@pytest.fixture
def uploads(app, tmp_path, today):
    """How many uploaded files wait for confirmation (in the database); and nothing of them is
    written to the instance folder, which another app server would not see."""
    app.instance_path = str(tmp_path / "instance")

    def waiting() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(PendingUpload)
                                     .where(PendingUpload.confirmed_at.is_(None)))
    yield waiting
    assert not (tmp_path / "instance").exists()


def number_of(app, world, key: str) -> str:
    with app.app_context():
        return db.session.get(Person, world.person_ids[key]).employee_number


def upload(client, text: str, name="turnus.csv", **fields):
    from io import BytesIO
    data = {"file": (BytesIO(text.encode("utf-8")), name), "csrf_token": csrf_token(client, "/avdeling/turnus/"),
            **fields}
    return client.post("/avdeling/turnus/", data=data, content_type="multipart/form-data")


def confirm(client, page: str):
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]+)"', page).group(1)
    return client.post("/avdeling/turnus/bekreft", data={"token": token, "csrf_token": csrf_token(client, "/")})


def test_upload_preview_and_confirm_as_avdelingsleder(app, world, login, uploads):
    number = number_of(app, world, "mentee")
    client = login(world.email("avdelingsleder"))
    text = f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n{number};2026-09-08;K1;15:00;23:00\n{number};2026-09-09;FE;;\n"

    assert "Importer turnus" in client.get("/avdeling/").get_data(as_text=True)
    preview = upload(client, text)

    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Se over turnusen før den lagres" in page and "Nina Nytilsatt" in page and number in page
    assert "2 nye, 0 fjernet, 0 endret" in page and "1 ny, 0 fjernet, 0 endret" in page
    assert uploads() == 1
    with app.app_context():
        assert table_counts()["shift"] == 0

    done = confirm(client, page)

    assert done.status_code == 302 and done.headers["Location"].endswith("/avdeling/")
    assert ("Turnusen er lagret for 1 ansatt (07.09.2026–09.09.2026). Vakter: 2 nye, 0 fjernet, 0 endret. "
            "Fraværsdager: 1 ny, 0 fjernet, 0 endret.") in client.get("/avdeling/").get_data(as_text=True)
    assert uploads() == 0
    with app.app_context():
        assert [row[1] for row in shifts_of(number)] == ["D1", "K1"]
        assert absences_of(number) == [(date(2026, 9, 9), AbsenceKind.FERIE)]


def test_the_upload_shows_every_error_and_stores_nothing(app, world, login, uploads):
    client = login(world.email("avdelingsleder"))
    number = number_of(app, world, "mentee")

    response = upload(client, f"{HEADER}\n{number};2026-09-07;D1;25:00;15:15\n")

    page = response.get_data(as_text=True)
    assert "Filen har 1 feil og ble ikke importert; se listen under skjemaet. Ingenting er lagret." in page
    assert 'aria-describedby="file-hint file-error"' in page
    assert "Linje 2, kolonne «start»: «25:00» er ikke et gyldig klokkeslett" in page
    assert uploads() == 0
    with app.app_context():
        assert table_counts()["shift"] == 0


def test_another_wards_employee_is_refused_but_the_units_mentor_is_not(app, world, login, uploads):
    client = login(world.email("avdelingsleder"))
    other, mentor2 = number_of(app, world, "mentee2"), number_of(app, world, "mentor2")

    refused = upload(client, f"{HEADER}\n{mentor2};2026-09-07;D1;07:45;15:15\n{other};2026-09-07;D1;07:45;15:15\n")
    accepted = upload(client, f"{HEADER}\n{mentor2};2026-09-07;D1;07:45;15:15\n")

    assert f"Linje 3, kolonne «ansattnr»: ansatt {other} hører ikke til din avdeling." in refused.get_data(as_text=True)
    assert "Bekreft import" in accepted.get_data(as_text=True)


def test_an_icalendar_file_is_uploaded_with_the_persons_number(app, world, login, uploads):
    client = login(world.email("avdelingsleder"))
    number = number_of(app, world, "mentee")
    calendar = (DATA / "turnus-no-number.ics").read_text(encoding="utf-8")

    page = upload(client, calendar, name="nina.ics", employee_number=number).get_data(as_text=True)
    done = confirm(client, page)

    assert done.status_code == 302
    with app.app_context():
        assert [row[1] for row in shifts_of(number)] == ["D1", "K1", "N1"]
        assert len(absences_of(number)) == 3


def test_the_enhetsleder_may_upload_for_the_unit(app, world, login, uploads):
    client = login(world.email("enhetsleder"))
    number = number_of(app, world, "mentee2")

    page = upload(client, f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n").get_data(as_text=True)
    done = confirm(client, page)

    assert done.status_code == 302 and done.headers["Location"].endswith("/enhet")
    with app.app_context():
        assert len(shifts_of(number)) == 1


@pytest.mark.parametrize("key", ["mentor", "mentee", "hr", "admin"])
def test_roles_without_the_page_get_403(world, login, uploads, key):
    client = login(world.email(key))

    assert client.get("/avdeling/turnus/").status_code == 403
    assert client.post("/avdeling/turnus/bekreft", data={"csrf_token": csrf_token(client, "/")}).status_code == 403


def test_a_token_from_another_session_confirms_nothing(app, world, login, uploads):
    number = number_of(app, world, "mentee")
    leader = login(world.email("avdelingsleder"))
    page = upload(leader, f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n").get_data(as_text=True)
    other_leader = login(world.email("avdelingsleder2"))

    response = confirm(other_leader, page)

    assert response.status_code == 302 and response.headers["Location"].endswith("/avdeling/turnus/")
    assert "Den opplastede filen finnes ikke lenger" in other_leader.get("/avdeling/turnus/").get_data(as_text=True)
    with app.app_context():
        assert table_counts()["shift"] == 0
    assert uploads() == 1


@pytest.mark.parametrize("content_limit", [False, True])
def test_a_file_over_the_limit_gets_a_norwegian_413(app, world, login, uploads, content_limit):
    client = login(world.email("avdelingsleder"))
    app.config["MAX_UPLOAD_BYTES"] = 200
    if content_limit:  # Flask refuses the body itself, before the CSRF check reads the form
        app.config["MAX_CONTENT_LENGTH"] = 200

    response = upload(client, f"{HEADER}\n" + "1;2026-09-07;D1;07:45;15:15\n" * 20)

    assert response.status_code == 413
    assert "Filen er for stor" in response.get_data(as_text=True)
    assert uploads() == 0


def test_a_failed_replanning_keeps_the_upload_and_says_so(app, world, login, uploads, monkeypatch):
    def broken(person_ids):
        raise RuntimeError("planleggeren er nede")
    monkeypatch.setattr("mentorplan.turnus.imports.replan_people", broken)
    client = login(world.email("avdelingsleder"))
    number = number_of(app, world, "mentee")
    page = upload(client, f"{HEADER}\n{number};2026-09-07;D1;07:45;15:15\n").get_data(as_text=True)

    done = confirm(client, page)

    assert done.status_code == 302
    assert "Turnusen er lagret, men planene ble ikke lagt om." in client.get("/avdeling/").get_data(as_text=True)
    with app.app_context():
        assert len(shifts_of(number)) == 1


def test_the_command_says_so_when_replanning_fails(app, runner, staff, monkeypatch):
    def broken(person_ids):
        raise RuntimeError("planleggeren er nede")
    monkeypatch.setattr("mentorplan.turnus.imports.replan_people", broken)

    result = import_file(runner, SAMPLE)

    assert result.exit_code == 1
    assert "Vakter: 114 nye, 0 fjernet, 0 endret." in result.stdout
    assert result.stderr == "Turnusen er lagret, men planene ble ikke lagt om: RuntimeError: planleggeren er nede\n"
    with app.app_context():
        assert table_counts()["shift"] == 114
