"""What a turnus file becomes: entries grouped by employee number, the problems found, and the
rules between one person's entries.

Pure: no Flask, no database. A file that cannot be read at all raises `TurnusFileError`; the
problems of single rows are collected in the `TurnusFile`'s `errors`, each naming its line, and
`turnus.changes` adds the ones that need the database (who the employees are, the ward's code
table), runs `check_entries` on the completed entries and raises them all together.
"""
import gc
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter

from mentorplan.vocabulary import AbsenceKind

DAY_OFF_CODES = frozenset({"F", "F1", "F2", "F3", "F4", "F5"})
ABSENCE_CODES = {kind.value: kind for kind in AbsenceKind}
# A file with the wrong kommune's numbers or columns could otherwise yield a million messages.
MAX_ERRORS = 1000
ANSATTNR_PROPERTY = "X-MENTORPLAN-ANSATTNR"
# The iCalendar property that holds what a CSV column holds, named in an iCalendar file's errors.
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


def error_order(error: TurnusError) -> int:
    return error.line or 0


class TurnusFileError(ValueError):
    """The file cannot be imported; `errors` lists every problem found (up to MAX_ERRORS)."""

    def __init__(self, errors: Sequence[TurnusError]):
        self.errors = sorted(errors, key=error_order)
        super().__init__("\n".join(str(error) for error in self.errors))


def not_utf8(line: int) -> TurnusFileError:
    return TurnusFileError([TurnusError(line, "filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen.")])


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
    return sorted(errors, key=error_order)


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
