"""Opening a turnus file: the turnus CSV (`csv_file`) or one person's iCalendar file
(`ical_file`), told apart by its first bytes.

Pure: no Flask, no database. A big CSV is read from disk line by line, never whole.
"""
import codecs
from datetime import date
from pathlib import Path

from mentorplan.turnus.csv_file import read_turnus_csv
from mentorplan.turnus.entries import TurnusError, TurnusFile, TurnusFileError, not_utf8
from mentorplan.turnus.ical_file import parse_turnus_ics


def read_turnus_file(path: Path, today: date, employee_number: str | None = None) -> TurnusFile:
    """A turnus CSV or an iCalendar file, told apart by its first bytes.

    Raises TurnusFileError when the file cannot be read at all; the problems of single rows or
    events are in the result's `errors`, for `turnus.changes` to report with its own.

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
        raise not_utf8(_first_bad_line(path)) from None


def _is_calendar(path: Path) -> bool:
    with path.open("rb") as stream:
        head = stream.read(64)
    return head.removeprefix(codecs.BOM_UTF8).lstrip().upper().startswith(b"BEGIN:VCALENDAR")


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
