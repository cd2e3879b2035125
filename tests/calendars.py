"""Reading calendar feeds back the way calendar programs would, with three parsers that must agree.

- `ics` (ics-py) has its own parser and finds the zone by its TZID name (it ignores VTIMEZONE);
- `recurring-ical-events` expands the calendar as Google-like clients do (on top of icalendar);
- `icalendar` reads a copy whose TZID is renamed to a name no zone database knows, so that the
  times can only come out right from the VTIMEZONE we wrote — what Outlook relies on.
(vobject 0.9.9 misreads a generated Europe/Oslo VTIMEZONE as a fixed +01:00, so it is not used.)
"""
from dataclasses import dataclass
from datetime import UTC, datetime

import ics
import recurring_ical_events
from icalendar import Calendar

EVERYTHING = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


@dataclass(frozen=True)
class Read:
    uid: str
    summary: str
    start: datetime  # UTC
    end: datetime
    status: str
    sequence: int


def read_back(body: bytes | str) -> dict[str, Read]:
    """The events by UID, after checking that all three parsers read the same instants."""
    text = body.decode() if isinstance(body, bytes) else body
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    by_ics = {e.uid: (e.begin.to("utc").datetime, e.end.to("utc").datetime, e.name)
              for e in ics.Calendar(text).events}
    expanded = recurring_ical_events.of(Calendar.from_ical(text)).between(*EVERYTHING)
    by_expansion = {str(e["UID"]): (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC)) for e in expanded}
    renamed = Calendar.from_ical(text.replace("Europe/Oslo", "Mentorplan/Lokal"))
    events = {}
    for event in renamed.walk("VEVENT"):
        uid = str(event["UID"])
        start, end = event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC)
        events[uid] = Read(uid, str(event["SUMMARY"]), start, end, str(event["STATUS"]), int(event["SEQUENCE"]))
        assert by_ics[uid] == (start, end, events[uid].summary), uid
        assert by_expansion[uid] == (start, end), uid
    assert set(by_ics) == set(by_expansion) == set(events)
    return events


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
