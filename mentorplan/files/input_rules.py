"""What a person may type or upload, in one place: dates within a window of today, text without
control characters, record ids that can exist, and files of a sane shape.

Pure: no Flask, no database. Every form applies these rules through `web.forms` (a date field
carries its window; every text field refuses control characters), and the file readers (the
turnus CSV and iCalendar files, the staff CSV) through the functions below, each message naming
the field, or the line and column.

Why each rule: a date in year 9999 overflows the first `+ timedelta` a plan makes of it (a 500),
and a year-1 completion or end date is stored and skews every figure computed from it. PostgreSQL
refuses NUL in text, so a NUL that passed a preview failed on the write; the other control
characters are never typed by a person (they come from a broken export or a forged post) and
would travel on into e-mails, calendars and CSV exports. A number past PostgreSQL's `integer`
names no record and overflows SQLite's. A file of thousands of columns or a megabyte cell is the
wrong file, not a turnus or a staff list.
"""
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

# --- Dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateWindow:
    """Whole calendar years around today: 1 January `years_back` years ago to 31 December
    `years_ahead` years on."""

    years_back: int
    years_ahead: int

    def bounds(self, today: date) -> tuple[date, date]:
        return date(today.year - self.years_back, 1, 1), date(today.year + self.years_ahead, 12, 31)

    def problem(self, day: date, today: date, name: str) -> str | None:
        """Why the day is outside the window, naming the field; None when it is inside."""
        first, last = self.bounds(today)
        if first <= day <= last:
            return None
        return f"{name} må være mellom {first:%d.%m.%Y} og {last:%d.%m.%Y}."


# What happens in the programme, typed as it is planned or logged: a new hire's start, an absence,
# a conversation and its actions, a checklist mark, a meeting, an appointment, a payroll period.
EVENT_DATES = DateWindow(years_back=5, years_ahead=5)
# What HR types from the record of a working life: an employment's start, end and changes, a
# mentor's training, a unit's programme start, the hire periods of a retention report.
HISTORY_DATES = DateWindow(years_back=50, years_ahead=5)
# A file has no today of its own (a staff file may be years old when it is read): its dates must
# lie in the years an employment record can have.
FILE_DATES = (date(1900, 1, 1), date(2099, 12, 31))


def file_date_problem(day: date) -> str | None:
    first, last = FILE_DATES
    if first <= day <= last:
        return None
    # %Y writes year 1 as «1»: the year is written out in four digits, as the file has it.
    return f"datoen {day:%d.%m.}{day.year:04d} må ligge mellom {first:%d.%m.%Y} og {last:%d.%m.%Y}."


# --- Text ------------------------------------------------------------------------------------

# C0 controls except tab, line feed and carriage return; DEL; C1 controls. A line break in a
# one-line field is refused on its own (`web.forms.single_line`).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character in the text, written U+0000, or None."""
    found = CONTROL_CHARACTER.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_message(name: str, code: str) -> str:
    return f"{name} inneholder et usynlig kontrolltegn ({code}) som ikke kan lagres. Fjern det og prøv igjen."


# --- Record ids ------------------------------------------------------------------------------

# Ids are PostgreSQL `integer`s: a larger number names no record.
MAX_RECORD_ID = 2 ** 31 - 1


def record_id(text: str | None) -> int | None:
    """The id a form or URL names, or None when the text is no id a record can have."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_RECORD_ID else None


# --- Files -----------------------------------------------------------------------------------

# The contracts' files have 5 and 14 columns; an export may carry more, never hundreds.
MAX_COLUMNS = 200
# A name, a code, a note: nothing a file holds comes near it.
MAX_CELL_CHARACTERS = 10_000
# Below the csv module's own field limit (131 072), so that a long line is named as such.
MAX_LINE_CHARACTERS = 100_000


class LineTooLong(ValueError):
    def __init__(self, line: int, length: int):
        self.line, self.length = line, length
        super().__init__(f"linjen har {length} tegn; en linje kan ha høyst {MAX_LINE_CHARACTERS}. "
                         "Er dette riktig fil?")


def bounded_lines(lines: Iterable[str]) -> Iterator[str]:
    """The lines as they come; raises LineTooLong (with its number, the first line 1) at the first
    longer than MAX_LINE_CHARACTERS."""
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARACTERS:
            raise LineTooLong(number, len(line))
        yield line


def header_width_problem(width: int) -> str | None:
    if width <= MAX_COLUMNS:
        return None
    return f"overskriftsraden har {width} kolonner; filen kan ha høyst {MAX_COLUMNS}. Er dette riktig fil?"


def cell_problem(cell: str) -> str | None:
    """Why a cell's value cannot be read in, or None."""
    code = control_character(cell)
    if code:
        return f"verdien inneholder et usynlig kontrolltegn ({code}) som ikke kan lagres. Fjern det fra filen."
    if len(cell) > MAX_CELL_CHARACTERS:
        return f"verdien har {len(cell)} tegn; en verdi kan ha høyst {MAX_CELL_CHARACTERS}."
    return None


def row_problem(cells: Sequence[str]) -> tuple[int, str] | None:
    """(position, problem) of the first cell that cannot be read in, or None. One search over the
    joined row finds most rows clean: a turnus for a kommune has millions."""
    joined = "".join(cells)
    if len(joined) <= MAX_CELL_CHARACTERS and not CONTROL_CHARACTER.search(joined):
        return None
    return next(((position, problem) for position, cell in enumerate(cells) if (problem := cell_problem(cell))),
                None)
