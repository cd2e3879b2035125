"""Opening a turnus file: the turnus CSV (`csv_file`) or one person's iCalendar file
(`ical_file`), told apart by its first bytes.

Pure: no Flask, no database. A big CSV is read from disk line by line, never whole; a file already
in memory (a leader's upload waiting in the database) is read from its bytes the same way.
"""
import codecs
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import BinaryIO

from mentorplan.turnus.csv_file import read_turnus_csv
from mentorplan.turnus.entries import TurnusError, TurnusFile, TurnusFileError, not_utf8
from mentorplan.turnus.ical_file import parse_turnus_ics

Opener = Callable[[], BinaryIO]


def read_turnus_file(path: Path, today: date, employee_number: str | None = None) -> TurnusFile:
    """A turnus CSV or an iCalendar file, told apart by its first bytes.

    Raises TurnusFileError when the file cannot be read at all; the problems of single rows or
    events are in the result's `errors`, for `turnus.changes` to report with its own.

    `employee_number` names the person of an iCalendar file that does not name them itself.
    """
    return _read(lambda: path.open("rb"), today, employee_number)


def read_turnus_bytes(content: bytes, today: date, employee_number: str | None = None) -> TurnusFile:
    """`read_turnus_file` for a file held in memory."""
    return _read(lambda: io.BytesIO(content), today, employee_number)


def _read(open_binary: Opener, today: date, employee_number: str | None) -> TurnusFile:
    if _is_calendar(open_binary):
        with open_binary() as stream:
            return parse_turnus_ics(stream.read(), today, employee_number)
    if employee_number is not None:
        raise TurnusFileError([TurnusError(None, "et ansattnummer kan bare oppgis for en iCalendar-fil; "
                                                 "turnusfilen har ansattnr i hver rad.")])
    try:
        with io.TextIOWrapper(open_binary(), encoding="utf-8-sig", newline="") as stream:
            return read_turnus_csv(stream, today)
    except UnicodeDecodeError:
        raise not_utf8(_first_bad_line(open_binary)) from None


def _is_calendar(open_binary: Opener) -> bool:
    with open_binary() as stream:
        head = stream.read(64)
    return head.removeprefix(codecs.BOM_UTF8).lstrip().upper().startswith(b"BEGIN:VCALENDAR")


def _first_bad_line(open_binary: Opener) -> int:
    """The line of the first byte that is not UTF-8, read in pieces so a big file stays on disk."""
    decoder, line = codecs.getincrementaldecoder("utf-8")(), 1
    with open_binary() as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return line + chunk[:max(error.start, 0)].count(b"\n")
            line += chunk.count(b"\n")
    return line
