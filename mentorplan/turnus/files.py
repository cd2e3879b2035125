"""Reading turnus files: the turnus CSV (CONTRACT.md, "Turnus CSV") and one person's iCalendar file.

Pure: no Flask, no database. A file becomes plain `TurnusEntry` values grouped by employee
number. A file that cannot be read at all raises `TurnusFileError`; the problems of single rows
are collected in the result's `errors`, each naming its line, and `turnus_import` adds the ones
that need the database (who the employees are, the ward's code table), runs `check_entries` on
the completed entries and raises them all together.

Times are Europe/Oslo wall-clock values without tzinfo, as `Shift` stores them. Durations are
measured on UTC instants, so across the October change a 23:00–07:00 night lasts nine hours.
"""
import codecs
import csv
import gc
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from mentorplan.files.csv_header import header_problem, national_id_message
from mentorplan.files.dates import parse_date
from mentorplan.files.national_id import (
    ID_COLUMN_NAMES,
    holds_national_id,
    looks_like_national_id,
)
from mentorplan.models import AbsenceKind, Person, Shift

OSLO = ZoneInfo("Europe/Oslo")
DAY_OFF_CODES = frozenset({"F", "F1", "F2", "F3", "F4", "F5"})
ABSENCE_CODES = {kind.value: kind for kind in AbsenceKind}
MAX_SHIFT = timedelta(hours=16)
PLAN_YEARS = 2
# A file with the wrong kommune's numbers or columns could otherwise yield a million messages.
MAX_ERRORS = 1000
REQUIRED_COLUMNS = ("ansattnr", "dato", "vaktkode")
MAX_NUMBER_LENGTH = Person.__table__.c.employee_number.type.length
MAX_CODE_LENGTH = Shift.__table__.c.code.type.length
ANSATTNR_PROPERTY = "X-MENTORPLAN-ANSATTNR"
CLOCK = re.compile(r"(\d{1,2}):(\d{2})")
ICS_COLUMNS = {"ansattnr": ANSATTNR_PROPERTY, "dato": "DTSTART", "vaktkode": "SUMMARY",
               "start": "DTSTART", "slutt": "DTEND"}


@dataclass(frozen=True)
class TurnusError:
    """One problem; `line` is the physical line in the file (the CSV header is line 1)."""

    line: int | None
    message: str
    column: str | None = None
    column_label: str = "kolonne"

    def __str__(self) -> str:
        where = f"Linje {self.line}" if self.line else "Filen"
        if self.column:
            where += f", {self.column_label} «{self.column}»"
        return f"{where}: {self.message}"


def _error_order(error: TurnusError) -> int:
    return error.line or 0


class TurnusFileError(ValueError):
    """The file cannot be imported; `errors` lists every problem found (up to MAX_ERRORS)."""

    def __init__(self, errors: Sequence[TurnusError]):
        self.errors = sorted(errors, key=_error_order)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(slots=True)
class TurnusEntry:
    """One day of one person: a shift, a day off or a whole-day absence.

    A shift's `starts`/`ends` are None until they are taken from the ward's code table.
    """

    line: int | None
    employee_number: str
    day: date
    code: str
    starts: datetime | None = None
    ends: datetime | None = None
    absence: AbsenceKind | None = None
    day_off: bool = False

    @property
    def is_shift(self) -> bool:
        return self.absence is None and not self.day_off


@dataclass
class TurnusFile:
    """A read file: its entries by employee number, each list in file order."""

    entries: dict[str, list[TurnusEntry]]
    rows: int
    is_calendar: bool = False
    errors: list[TurnusError] = field(default_factory=list)

    def error(self, line: int | None, message: str, column: str | None = None) -> TurnusError:
        """An error naming the CSV column, or the iCalendar property that holds the same thing."""
        if self.is_calendar and column:
            return TurnusError(line, message, ICS_COLUMNS.get(column, column), "felt")
        return TurnusError(line, message, column)


class TimeProblem(ValueError):
    """A shift whose times cannot be; `column` is the one to fix (start or slutt)."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


# --- Times (shared with turnus_import for codes taken from the ward's table) ---------------


def shift_times(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A shift's wall-clock start and end; an end at or before the start is the next day."""
    starts = datetime.combine(day, start)
    ends = datetime.combine(day + timedelta(days=1) if end <= start else day, end)
    check_shift(starts, ends)
    return starts, ends


def check_shift(starts: datetime, ends: datetime) -> None:
    """Raises TimeProblem for a time that does not exist in Oslo or a shift over 16 hours."""
    for column, moment in (("start", starts), ("slutt", ends)):
        if not exists_in_oslo(moment):
            raise TimeProblem(column, f"klokkeslettet {moment:%H:%M} finnes ikke {moment:%d.%m.%Y}: "
                                      "klokka stilles fra 02:00 til 03:00 den natta.")
    if ends <= starts:
        raise TimeProblem("slutt", "vakten slutter før den begynner.")
    length = real_duration(starts, ends)
    if length > MAX_SHIFT:
        raise TimeProblem("slutt", f"vakten varer {_hours(length)}; en vakt kan vare høyst 16 timer.")


def exists_in_oslo(moment: datetime) -> bool:
    # A time skipped by the March change comes back from a round trip through UTC moved an hour.
    round_trip = moment.replace(tzinfo=OSLO).astimezone(UTC).astimezone(OSLO).replace(tzinfo=None)
    return round_trip == moment


def real_duration(starts: datetime, ends: datetime) -> timedelta:
    return ends.replace(tzinfo=OSLO).astimezone(UTC) - starts.replace(tzinfo=OSLO).astimezone(UTC)


def _hours(length: timedelta) -> str:
    hours, minutes = divmod(int(length.total_seconds()) // 60, 60)
    return f"{hours} t {minutes} min" if minutes else f"{hours} timer"


def plan_bounds(today: date) -> tuple[date, date]:
    """The dates a turnus may cover: two years either side of today."""
    def shifted(years: int) -> date:
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)
    return shifted(-PLAN_YEARS), shifted(PLAN_YEARS)


@contextmanager
def cycle_collection_paused():
    """Pause Python's cycle collector while a big file is read and applied.

    A year's turnus is millions of small objects without reference cycles; the collector kept
    walking them all and took a third of the import's time. Reference counting still frees them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- Opening a file ------------------------------------------------------------------------


def read_turnus_file(path: Path, today: date, employee_number: str | None = None) -> TurnusFile:
    """A turnus CSV or an iCalendar file, told apart by its first bytes.

    Raises TurnusFileError when the file cannot be read at all; the problems of single rows or
    events are in the result's `errors`, for `turnus_import` to report with its own.

    `employee_number` names the person of an iCalendar file that does not name them itself.
    """
    if _is_calendar(path):
        return parse_turnus_ics(path.read_bytes(), today, employee_number)
    if employee_number is not None:
        raise TurnusFileError([TurnusError(None, "et ansattnummer kan bare oppgis for en iCalendar-fil; "
                                                 "turnusfilen har ansattnr i hver rad.")])
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            return read_turnus_csv(stream, today)
    except UnicodeDecodeError:
        raise _not_utf8(_first_bad_line(path)) from None


def _is_calendar(path: Path) -> bool:
    with path.open("rb") as stream:
        head = stream.read(64)
    return head.removeprefix(codecs.BOM_UTF8).lstrip().upper().startswith(b"BEGIN:VCALENDAR")


def _not_utf8(line: int) -> TurnusFileError:
    return TurnusFileError([TurnusError(line, "filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen.")])


def _first_bad_line(path: Path) -> int:
    """The line of the first byte that is not UTF-8, read in pieces so a big file stays on disk."""
    decoder, line = codecs.getincrementaldecoder("utf-8")(), 1
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return line + chunk[:max(error.start, 0)].count(b"\n")
            line += chunk.count(b"\n")
    return line


# --- The CSV -------------------------------------------------------------------------------


def parse_turnus_csv(text: str, today: date) -> TurnusFile:
    """The CSV given as text (tests, small files); see `read_turnus_csv`."""
    return read_turnus_csv(io.StringIO(text.removeprefix("\ufeff"), newline=""), today)


def read_turnus_csv(lines: Iterable[str], today: date) -> TurnusFile:
    """Reads the CSV line by line (a text stream will do) and checks each row on its own.

    Raises TurnusFileError only when the file as a whole cannot be read (no header, missing
    columns); a row's problems go to `errors` and the row is left out, so that `turnus_import`
    can report them together with its own. The checks between rows wait for `check_entries`,
    after the code table has filled in the missing times.
    """
    with cycle_collection_paused():
        return _read_csv(iter(lines), today)


def _read_csv(lines: Iterator[str], today: date) -> TurnusFile:
    header_line, header = _header(lines)
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.reader(itertools.chain([header], lines), delimiter=delimiter, strict=True)
    header_cells = next(reader)
    columns = _columns(header_line, header_cells)
    parser = _RowParser(columns, today, [cell.strip() for cell in header_cells])
    _read_rows(reader, header_line, parser)
    if parser.rows == 0 and not parser.errors:
        raise TurnusFileError([TurnusError(header_line + 1, "filen har ingen rader under overskriftsraden.")])
    return TurnusFile(parser.entries, parser.rows, errors=parser.errors)


def _header(lines: Iterator[str]) -> tuple[int, str]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            return number, line
    raise TurnusFileError([TurnusError(1, "filen er tom.")])


def _columns(line: int, header: list[str]) -> dict[str, int]:
    """Column name → position; raises when a column is missing, given twice or a fødselsnummer."""
    names = [cell.strip().lower() for cell in header]
    problem = header_problem(header, names, REQUIRED_COLUMNS)
    if problem:
        raise TurnusFileError([TurnusError(line, problem)])
    return {name: position for position, name in enumerate(names) if name}


def _read_rows(reader, header_line: int, parser: "_RowParser") -> None:
    line = header_line + 1
    try:
        for cells in reader:
            if cells and any(cells):
                parser.parse(line, cells)
            line = header_line + reader.line_num
            if len(parser.errors) >= MAX_ERRORS:
                parser.add(TurnusError(line, f"for mange feil: lesingen stoppet etter {MAX_ERRORS}. "
                                             "Rett disse og prøv igjen."))
                return
    except csv.Error:
        parser.add(TurnusError(line, "anførselstegnene (\") står ikke riktig, så raden kan ikke leses."))


class _Problem:
    """What is wrong with a cell (or a pair of cells): (column, message) pairs."""

    __slots__ = ("errors",)

    def __init__(self, *errors: tuple[str, str]):
        self.errors = errors


class _Parsed(dict):
    """raw text → its parsed value (or a _Problem), worked out once: a year for thousands of
    people repeats the same few numbers, dates, codes and times a million times."""

    def __init__(self, parse):
        super().__init__()
        self.parse = parse

    def __missing__(self, raw):
        value = self[raw] = self.parse(raw)
        return value


@dataclass(frozen=True)
class _Code:
    code: str
    absence: AbsenceKind | None
    day_off: bool


NO_TIMES = (None, None)


class _RowParser:
    """Turns rows into entries, and their problems into errors."""

    def __init__(self, columns: dict[str, int], today: date, header: list[str]):
        self.width = max(columns.values()) + 1
        self.header = header
        # Any cell, in any column, holding a fødselsnummer is refused (the whole file, by turnus_import).
        self.national_ids = _Parsed(holds_national_id)
        # A missing optional column reads from an empty cell added past the end of every row.
        self.at = [columns.get(name, self.width) for name in ("ansattnr", "dato", "vaktkode", "start", "slutt")]
        self.adds_blank = self.width in self.at
        self.first_day, self.last_day = plan_bounds(today)
        self.entries: dict[str, list[TurnusEntry]] = {}
        self.errors: list[TurnusError] = []
        self.rows = 0
        self.numbers = _Parsed(_parse_number)
        self.dates = _Parsed(self._parse_date)
        self.codes = _Parsed(_parse_code)
        self.times = _Parsed(_parse_times)

    def add(self, error: TurnusError) -> None:
        self.errors.append(error)

    def parse(self, line: int, cells: list[str]) -> None:
        self.rows += 1
        before = len(self.errors)
        if len(cells) != self.width:
            cells = self._fit(line, cells)
        elif self.adds_blank:
            cells.append("")
        for position, cell in enumerate(cells):
            # Only a cell of eleven characters or more can hold one; the rest cost one length check.
            if len(cell) >= 11 and self.national_ids[cell]:
                name = self.header[position] if position < len(self.header) else f"nr. {position + 1}"
                self.add(TurnusError(line, national_id_message(name)))
                return
        at_number, at_date, at_code, at_start, at_end = self.at
        number, day, code = self.numbers[cells[at_number]], self.dates[cells[at_date]], self.codes[cells[at_code]]
        times = NO_TIMES
        # Times on an absence or a day off are ignored: exports often keep the planned shift's times.
        if code.__class__ is _Code and code.absence is None and not code.day_off and day.__class__ is date:
            times = self.times[day, cells[at_start].strip(), cells[at_end].strip()]
        problems = [value for value in (number, day, code, times) if value.__class__ is _Problem]
        if problems:
            self.errors += [TurnusError(line, message, column) for p in problems for column, message in p.errors]
        elif len(self.errors) == before:
            entry = TurnusEntry(line, number, day, code.code, times[0], times[1], code.absence, code.day_off)
            self.entries.setdefault(number, []).append(entry)

    def _fit(self, line: int, cells: list[str]) -> list[str]:
        """The row cut or padded to the header's width, plus the blank cell."""
        # Extra values usually mean an unquoted delimiter inside a value, which would shift nothing
        # before it but silently cut the value short.
        if len(cells) > self.width and any(cell.strip() for cell in cells[self.width:]):
            self.add(TurnusError(line, f"raden har {len(cells)} felt, men overskriftsraden har {self.width}. "
                                       "Står det et skilletegn inne i en verdi uten anførselstegn?"))
        return cells[:self.width] + [""] * (self.width + 1 - min(len(cells), self.width))

    def _parse_date(self, raw: str) -> date | _Problem:
        raw = raw.strip()
        if not raw:
            return _Problem(("dato", "må fylles ut."))
        day = parse_date(raw)
        if day is None:
            return _Problem(("dato", f"«{raw}» er ikke en gyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)."))
        if not self.first_day <= day <= self.last_day:
            return _Problem(("dato", outside_plan(day, self.first_day, self.last_day)))
        return day


def _parse_number(raw: str) -> str | _Problem:
    raw = raw.strip()
    if not raw:
        return _Problem(("ansattnr", "må fylles ut."))
    if len(raw) > MAX_NUMBER_LENGTH:
        return _Problem(("ansattnr", f"verdien er for lang (høyst {MAX_NUMBER_LENGTH} tegn)."))
    return raw


def _parse_code(raw: str) -> _Code | _Problem:
    code = raw.strip().upper()
    if not code:
        return _Problem(("vaktkode", "må fylles ut."))
    if len(code) > MAX_CODE_LENGTH:
        return _Problem(("vaktkode", f"«{raw.strip()}» er for lang til å være en vaktkode "
                                     f"(høyst {MAX_CODE_LENGTH} tegn)."))
    return _Code(code, ABSENCE_CODES.get(code), code in DAY_OFF_CODES)


def _parse_times(key: tuple[date, str, str]) -> tuple | _Problem:
    """(starts, ends); (None, None) when both are empty and the ward's code table is to give them."""
    day, raw_start, raw_end = key
    if not raw_start and not raw_end:
        return NO_TIMES
    start, end = _clock("start", raw_start, "slutt"), _clock("slutt", raw_end, "start")
    problems = [value.errors[0] for value in (start, end) if value.__class__ is _Problem]
    if problems:
        return _Problem(*problems)
    try:
        return shift_times(day, start, end)
    except TimeProblem as problem:
        return _Problem((problem.column, problem.message))


def _clock(column: str, raw: str, other: str) -> time | _Problem:
    if not raw:
        return _Problem((column, f"må fylles ut når {other} er fylt ut."))
    value = parse_clock(raw)
    if value is None:
        return _Problem((column, f"«{raw}» er ikke et gyldig klokkeslett (bruk TT:MM, for eksempel 07:45)."))
    return value


def parse_clock(value: str) -> time | None:
    match = CLOCK.fullmatch(value)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None


def outside_plan(day: date, first: date, last: date) -> str:
    return (f"datoen {day:%d.%m.%Y} ligger utenfor planen: en turnus kan gjelde fra {first:%d.%m.%Y} "
            f"til {last:%d.%m.%Y} (to år før og etter i dag).")


# --- iCalendar -----------------------------------------------------------------------------


def parse_turnus_ics(data: bytes, today: date, employee_number: str | None = None) -> TurnusFile:
    """One person's calendar: each VEVENT is a shift, a day off or whole-day absences.

    SUMMARY's first word is the code. Timed events in any zone become Oslo wall-clock times;
    an all-day event covers each of its days (FE/KU/PE/SY absences, F–F5 days off, other codes
    a shift whose times come from the ward's code table).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(data[:error.start].count(b"\n") + 1) from None
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
    elif len(number) > MAX_NUMBER_LENGTH:
        turnus.errors.append(TurnusError(None, f"ansattnummeret «{number}» er for langt "
                                               f"(høyst {MAX_NUMBER_LENGTH} tegn)."))
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
        if len(code) > MAX_CODE_LENGTH:
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
        starts, ends = _oslo(starts), _oslo(ends)
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


def _oslo(moment: datetime) -> datetime:
    """Oslo wall-clock time; a floating time (no zone) is taken as Oslo time already."""
    return moment.astimezone(OSLO).replace(tzinfo=None) if moment.tzinfo else moment


# --- Rules between one person's entries ----------------------------------------------------


def check_entries(turnus: TurnusFile, entries: list[TurnusEntry]) -> list[TurnusError]:
    """One person's rows together: a day with an absence or a day off has nothing else,
    and no two shifts overlap, also across midnight. Shifts without times are left out."""
    errors = []
    by_day = sorted(entries, key=attrgetter("day"))
    for earlier, entry in zip(by_day, by_day[1:]):
        if entry.day == earlier.day and not (entry.is_shift and earlier.is_shift):
            errors.append(turnus.error(entry.line, _same_day(earlier, entry), "vaktkode"))
    shifts = sorted((e for e in entries if e.is_shift and e.starts is not None), key=attrgetter("starts"))
    latest = None
    for entry in shifts:
        if latest is not None and entry.starts < latest.ends:
            errors.append(turnus.error(entry.line, _overlap(entry, latest), "start"))
        if latest is None or entry.ends > latest.ends:
            latest = entry
    return sorted(errors, key=_error_order)


def _describe(entry: TurnusEntry) -> str:
    if entry.absence is not None:
        return f"fravær ({entry.code})"
    return f"fridag ({entry.code})" if entry.day_off else f"vakt ({entry.code})"


def _same_day(first: TurnusEntry, second: TurnusEntry) -> str:
    return (f"ansatt {second.employee_number} har {_describe(second)} {second.day:%d.%m.%Y}, men også "
            f"{_describe(first)} samme dag på linje {first.line}; en dag med fravær eller fridag "
            "kan ikke ha andre rader.")


def _overlap(entry: TurnusEntry, earlier: TurnusEntry) -> str:
    return (f"vakten {entry.code} {entry.starts:%d.%m.%Y %H:%M}–{entry.ends:%H:%M} overlapper vakten "
            f"{earlier.code} på linje {earlier.line} ({earlier.starts:%d.%m.%Y %H:%M}–"
            f"{earlier.ends:%d.%m.%Y %H:%M}).")
