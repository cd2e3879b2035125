"""Build an iCalendar feed from plain events. Pure: no Flask, no database.

Events carry Oslo wall-clock times and are written with TZID=Europe/Oslo and a VTIMEZONE that
covers their years, so calendars place them right on both sides of a daylight-saving change
(Outlook shifts events by an hour without the VTIMEZONE). Only the fields of `FeedEvent` can
reach a feed: whatever else an activity carries never gets here.
"""
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar, Event, Timezone

from mentorplan.norwegian import OSLO

TZID = OSLO.key
PRODID = "-//mentorplan//mentorplan kalender//NO"
REFRESH = timedelta(hours=1)
# Raise when the way events are written changes, so that every ETag changes with it.
FORMAT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class FeedEvent:
    uid: str
    sequence: int
    start: datetime      # Oslo wall-clock time, naive
    end: datetime
    summary: str
    description: str
    location: str
    cancelled: bool
    stamp: datetime      # aware UTC: when the event last changed


@dataclass(frozen=True)
class Feed:
    name: str
    events: tuple[FeedEvent, ...]

    @property
    def etag(self) -> str:
        """A fingerprint of everything the calendar is built from, known before building it."""
        digest = hashlib.sha256(f"{FORMAT_VERSION}\n{self.name}".encode())
        for event in self.events:
            digest.update(repr(event).encode())
        return digest.hexdigest()[:32]

    @property
    def last_modified(self) -> datetime | None:
        return max((e.stamp for e in self.events), default=None)


END = b"END:VCALENDAR\r\n"


def calendar_bytes(feed: Feed) -> bytes:
    calendar = Calendar.new(method="PUBLISH", name=feed.name, prodid=PRODID, refresh_interval=REFRESH)
    del calendar["UID"]  # a random one per build would change every response
    # The library writes REFRESH-INTERVAL without the VALUE=DURATION that RFC 7986 requires.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", "PT1H")
    # Always a VTIMEZONE: RFC 5545 wants at least one component, even in a feed with no events.
    years = [e.start.year for e in feed.events] or [date.today().year]
    calendar.add_component(_timezone(min(years), max(years)))
    head = calendar.to_ical()
    if not head.endswith(END):  # a library change that would put our events outside the calendar
        raise ValueError("The iCalendar library no longer ends a calendar with END:VCALENDAR.")
    return b"".join((head[:-len(END)], *map(event_bytes, feed.events), END))


@lru_cache(maxsize=32)
def _timezone(first_year: int, last_year: int) -> Timezone:
    return Timezone.from_tzid(TZID, first_date=date(first_year - 1, 1, 1), last_date=date(last_year + 2, 1, 1))


EVENT_END = b"END:VEVENT\r\n"


@lru_cache(maxsize=20_000)
def event_bytes(event: FeedEvent) -> bytes:
    """One VEVENT, serialised. Memoised: the same event stands in the mentee's, the mentor's and the
    avdeling's feeds and in every refresh, and icalendar's line folding is the costly part of a feed
    (a few MB at most; a changed event is a new key). The description, the longest line, comes from
    a memo of its own: a plan has few distinct guidance texts."""
    body = _event(event).to_ical()
    if not event.description:
        return body
    return body[:-len(EVENT_END)] + _description_line(event.description) + EVENT_END


@lru_cache(maxsize=1_000)
def _description_line(text: str) -> bytes:
    holder = Event()
    holder.add("DESCRIPTION", text)
    return holder.to_ical().removeprefix(b"BEGIN:VEVENT\r\n").removesuffix(EVENT_END)


def _event(event: FeedEvent) -> Event:
    return Event.new(
        uid=event.uid,
        sequence=event.sequence,
        stamp=event.stamp,
        start=event.start.replace(tzinfo=OSLO),
        end=event.end.replace(tzinfo=OSLO),
        summary=f"Avlyst: {event.summary}" if event.cancelled else event.summary,
        location=event.location or None,
        status="CANCELLED" if event.cancelled else "CONFIRMED",
        transparency="TRANSPARENT" if event.cancelled else None,  # OPAQUE is the default
        classification="PRIVATE",
    )
