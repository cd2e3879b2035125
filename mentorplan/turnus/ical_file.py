"""Reading one person's turnus as an iCalendar file into `TurnusEntry` values.

Pure: no Flask, no database. Each VEVENT is a shift, a day off or whole-day absences; its
problems are collected in the `TurnusFile`'s `errors`, naming the property to fix.
"""
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import icalendar

from mentorplan.files.input_rules import cell_problem
from mentorplan.files.national_id import (
    ID_COLUMN_NAMES,
    holds_national_id,
    looks_like_national_id,
)
from mentorplan.turnus.entries import (
    ABSENCE_CODES,
    ANSATTNR_PROPERTY,
    DAY_OFF_CODES,
    ICS_COLUMNS,
    MAX_ERRORS,
    TurnusEntry,
    TurnusError,
    TurnusFile,
    TurnusFileError,
    not_utf8,
)
from mentorplan.turnus.time_rules import (
    TimeProblem,
    check_shift,
    oslo_wall_clock,
    outside_plan,
    plan_bounds,
)
from mentorplan.vocabulary import EMPLOYEE_NUMBER_LENGTH, SHIFT_CODE_LENGTH


def parse_turnus_ics(data: bytes, today: date, employee_number: str | None = None) -> TurnusFile:
    """One person's calendar: each VEVENT is a shift, a day off or whole-day absences.

    SUMMARY's first word is the code. Timed events in any zone become Oslo wall-clock times;
    an all-day event covers each of its days (FE/KU/PE/SY absences, F–F5 days off, other codes
    a shift whose times come from the ward's code table).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(data[:error.start].count(b"\n") + 1) from None
    _refuse_unreadable_content(text)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as error:
        raise TurnusFileError([TurnusError(None, f"filen er ikke en gyldig iCalendar-fil ({error}).")]) from None
    _refuse_national_ids_in_calendar(text, employee_number)
    turnus = TurnusFile({}, 0, is_calendar=True)
    number = _calendar_person(calendar, employee_number, turnus)
    reader = _EventReader(turnus, number or "", today)
    event_lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]
    for index, event in enumerate(calendar.walk("VEVENT")):
        reader.read(event, event_lines[index] if index < len(event_lines) else None)
    if turnus.rows == 0:
        raise TurnusFileError([TurnusError(None, "filen har ingen hendelser (VEVENT).")])
    if number:
        turnus.entries = {number: reader.entries} if reader.entries else {}
    return turnus


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """Each unfolded content line (RFC 5545 3.1) with the physical line it starts on."""
    start, parts = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        if line[:1] in (" ", "\t") and parts:
            parts.append(line[1:])
            continue
        if parts:
            yield start, "".join(parts)
        start, parts = number, [line]
    if parts:
        yield start, "".join(parts)


def _refuse_unreadable_content(text: str) -> None:
    """A control character (NUL among them) or a huge value anywhere refuses the whole file, naming
    the line and the property, before the calendar is parsed. Lines are split on line feeds only:
    `str.splitlines` would split at some control characters and hide them."""
    errors, name = {}, "?"
    for line, physical in enumerate(text.split("\n"), 1):
        if physical[:1] not in (" ", "\t"):  # not the folded continuation of the property before
            name = physical.partition(":")[0].split(";", 1)[0].strip()[:40] or "?"
        if problem := cell_problem(physical.removesuffix("\r")):
            errors.setdefault(line, TurnusError(line, problem, name, "felt"))
    for line, content in _content_lines(text):  # a value folded over many short lines
        if line not in errors and (problem := cell_problem(content)):
            errors[line] = TurnusError(line, problem, content.partition(":")[0].split(";", 1)[0][:40], "felt")
    if errors:
        raise TurnusFileError(sorted(errors.values(), key=lambda error: error.line)[:MAX_ERRORS])


def _refuse_national_ids_in_calendar(text: str, employee_number: str | None) -> None:
    """A property named like a fødselsnummer, or any value holding one, refuses the whole file."""
    errors = []
    if employee_number and looks_like_national_id(employee_number):
        errors.append(TurnusError(None, "ansattnummeret som er oppgitt, ser ut til å være et fødselsnummer. "
                                        "mentorplan lagrer ikke fødselsnumre."))
    for line, content in _content_lines(text):
        name, _, value = content.partition(":")
        name = name.split(";", 1)[0].strip()
        bare = name.lower().removeprefix("x-").removeprefix("mentorplan-")
        if bare in ID_COLUMN_NAMES:
            errors.append(TurnusError(line, f"feltet «{name}» ser ut til å være fødselsnummer. "
                                            "mentorplan lagrer ikke fødselsnumre: fjern feltet."))
        elif holds_national_id(value):
            errors.append(TurnusError(line, f"feltet «{name}» ser ut til å inneholde et fødselsnummer. "
                                            "mentorplan lagrer ikke fødselsnumre: fjern det fra filen."))
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise TurnusFileError(errors)


def _calendar_person(calendar, given: str | None, turnus: TurnusFile) -> str | None:
    in_file = str(calendar.get(ANSATTNR_PROPERTY, "")).strip() or None
    given = (given or "").strip() or None
    if in_file and given and in_file != given:
        turnus.errors.append(TurnusError(None, f"filen gjelder ansattnr {in_file} ({ANSATTNR_PROPERTY}), men "
                                               f"ansattnummeret som er oppgitt er {given}."))
        return None
    number = in_file or given
    if number is None:
        turnus.errors.append(TurnusError(None, f"filen sier ikke hvem den gjelder: {ANSATTNR_PROPERTY} mangler. "
                                               "Oppgi ansattnummeret (på kommandolinjen: --ansattnr)."))
    elif len(number) > EMPLOYEE_NUMBER_LENGTH:
        turnus.errors.append(TurnusError(None, f"ansattnummeret «{number}» er for langt "
                                               f"(høyst {EMPLOYEE_NUMBER_LENGTH} tegn)."))
        return None
    return number


class _EventReader:
    def __init__(self, turnus: TurnusFile, number: str, today: date):
        self.turnus, self.number = turnus, number
        self.first_day, self.last_day = plan_bounds(today)
        self.entries: list[TurnusEntry] = []

    def error(self, line: int | None, event, message: str, column: str) -> None:
        if line is None:  # name the event when its line is unknown
            message = f"hendelsen {event.get('UID', '')} {message}".strip()
        self.turnus.errors.append(TurnusError(line, message, column, "felt"))

    def read(self, event, line: int | None) -> None:
        self.turnus.rows += 1
        code = str(event.get("SUMMARY", "")).strip().split(maxsplit=1)
        if not code:
            return self.error(line, event, "mangler: det første ordet skal være vaktkoden.", "SUMMARY")
        code = code[0].upper()
        if len(code) > SHIFT_CODE_LENGTH:
            return self.error(line, event, f"«{code}» er for lang til å være en vaktkode.", "SUMMARY")
        try:
            starts, ends = event.start, event.end
        except ValueError as error:
            column = "DTSTART" if "DTSTART" in str(error) or "DTSTART" not in event else "DTEND"
            return self.error(line, event, f"kan ikke leses: {error}", column)
        if isinstance(starts, datetime):
            self.timed(event, line, code, starts, ends)
        else:
            self.all_day(event, line, code, starts, ends)

    def all_day(self, event, line, code: str, first: date, end: date) -> None:
        days = [first + timedelta(days=n) for n in range(max((end - first).days, 1))]
        for day in days:
            if not self.in_plan(event, line, day):
                return
        for day in days:
            self.entries.append(self.entry(line, day, code))

    def timed(self, event, line, code: str, starts: datetime, ends: datetime) -> None:
        if "DTEND" not in event and "DURATION" not in event:
            return self.error(line, event, "mangler (eller DURATION): en vakt må ha en slutt.", "DTEND")
        for column in ("DTSTART", "DTEND"):
            zone = event[column].params.get("TZID") if column in event else None
            if zone and event.decoded(column).tzinfo is None:
                return self.error(line, event, f"har en ukjent tidssone «{zone}».", column)
        starts, ends = oslo_wall_clock(starts), oslo_wall_clock(ends)
        if not self.in_plan(event, line, starts.date()):
            return
        entry = self.entry(line, starts.date(), code)
        if entry.is_shift:
            try:
                check_shift(starts, ends)
            except TimeProblem as problem:
                return self.error(line, event, problem.message, ICS_COLUMNS[problem.column])
            entry.starts, entry.ends = starts, ends
        self.entries.append(entry)

    def entry(self, line, day: date, code: str) -> TurnusEntry:
        return TurnusEntry(line, self.number, day, code, absence=ABSENCE_CODES.get(code),
                           day_off=code in DAY_OFF_CODES)

    def in_plan(self, event, line, day: date) -> bool:
        if self.first_day <= day <= self.last_day:
            return True
        self.error(line, event, outside_plan(day, self.first_day, self.last_day), "DTSTART")
        return False
