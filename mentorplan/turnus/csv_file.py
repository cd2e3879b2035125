"""Reading the turnus CSV (CONTRACT.md, "Turnus CSV") into `TurnusEntry` values.

Pure: no Flask, no database. Each row is checked on its own; the checks between rows wait for
`entries.check_entries`, after `turnus.database_checks` has filled in times from the ward's code table.
"""
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, time

from mentorplan.files.csv_header import header_problem, national_id_message
from mentorplan.files.dates import parse_date
from mentorplan.files.input_rules import LineTooLong, bounded_lines, header_width_problem, row_problem
from mentorplan.files.national_id import holds_national_id
from mentorplan.turnus.entries import (
    ABSENCE_CODES,
    DAY_OFF_CODES,
    MAX_ERRORS,
    TurnusEntry,
    TurnusError,
    TurnusFile,
    TurnusFileError,
    cycle_collection_paused,
)
from mentorplan.turnus.time_rules import (
    TimeProblem,
    outside_plan,
    parse_clock,
    plan_bounds,
    shift_times,
)
from mentorplan.vocabulary import EMPLOYEE_NUMBER_LENGTH, SHIFT_CODE_LENGTH, AbsenceKind

REQUIRED_COLUMNS = ("ansattnr", "dato", "vaktkode")


def parse_turnus_csv(text: str, today: date) -> TurnusFile:
    """The CSV given as text (tests, small files); see `read_turnus_csv`."""
    return read_turnus_csv(io.StringIO(text.removeprefix("\ufeff"), newline=""), today)


def read_turnus_csv(lines: Iterable[str], today: date) -> TurnusFile:
    """Reads the CSV line by line (a text stream will do) and checks each row on its own.

    Raises TurnusFileError only when the file as a whole cannot be read (no header, missing
    columns); a row's problems go to `errors` and the row is left out, so that `turnus.changes`
    can report them together with its own. The checks between rows wait for `check_entries`,
    after the code table has filled in the missing times.
    """
    with cycle_collection_paused():
        return _read_csv(iter(lines), today)


def _read_csv(lines: Iterator[str], today: date) -> TurnusFile:
    lines = bounded_lines(lines)  # a line of a megabyte is the wrong file: refused naming its line
    try:
        header_line, header = _header(lines)
        delimiter = ";" if header.count(";") >= header.count(",") else ","
        reader = csv.reader(itertools.chain([header], lines), delimiter=delimiter, strict=True)
        header_cells = next(reader)
        columns = _columns(header_line, header_cells)
        parser = _RowParser(columns, today, [cell.strip() for cell in header_cells])
        _read_rows(reader, header_line, parser)
    except LineTooLong as error:
        raise TurnusFileError([TurnusError(error.line, str(error))]) from None
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
    problem = header_width_problem(len(header)) or header_problem(header, names, REQUIRED_COLUMNS)
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
        # Any cell, in any column, holding a fødselsnummer is refused (the whole file, by turnus.changes).
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
        if problem := row_problem(cells):  # a control character (NUL among them) or a huge cell, in any column
            position, message = problem
            self.add(TurnusError(line, message, self._column_name(position)))
            return
        if len(cells) != self.width:
            cells = self._fit(line, cells)
        elif self.adds_blank:
            cells.append("")
        for position, cell in enumerate(cells):
            # Only a cell of eleven characters or more can hold one; the rest cost one length check.
            if len(cell) >= 11 and self.national_ids[cell]:
                self.add(TurnusError(line, national_id_message(self._column_name(position))))
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

    def _column_name(self, position: int) -> str:
        return self.header[position] if position < len(self.header) else f"nr. {position + 1}"

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
    if len(raw) > EMPLOYEE_NUMBER_LENGTH:
        return _Problem(("ansattnr", f"verdien er for lang (høyst {EMPLOYEE_NUMBER_LENGTH} tegn)."))
    return raw


def _parse_code(raw: str) -> _Code | _Problem:
    code = raw.strip().upper()
    if not code:
        return _Problem(("vaktkode", "må fylles ut."))
    if len(code) > SHIFT_CODE_LENGTH:
        return _Problem(("vaktkode", f"«{raw.strip()}» er for lang til å være en vaktkode "
                                     f"(høyst {SHIFT_CODE_LENGTH} tegn)."))
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
