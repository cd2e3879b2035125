"""Placing a mentee's open activities on the turnus. Pure: plain data in, placements and conflicts out.

The rules (DOMAIN.md): an opplæringsvakt is a shift the mentee and the mentor (or the unit's
second mentor) work together — same day, start and end within 30 minutes. A conversation sits
where both people are at work, never in the first hour of a shift (report and handover) or its
last half hour, not at night unless allowed, and a mentor holds at most one per shift. Leaders
work office hours on weekdays that are not public holidays. Nothing is placed on an absence or
outside its due window. The same input always gives the same plan, and every placement says why.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol

from mentorplan.norwegian import WEEKDAYS
from mentorplan.planning.calendar import iso_week
from mentorplan.scheduling.rules import (
    Interval,
    RestRules,
    is_night,
)



@dataclass(frozen=True)
class Settings:
    handover_start: timedelta = timedelta(minutes=60)
    handover_end: timedelta = timedelta(minutes=30)
    allow_night: bool = False
    conversations_per_shift: int = 1
    same_shift_tolerance: timedelta = timedelta(minutes=30)
    leader_day: tuple[time, time] = (time(8), time(15, 30))
    rest: RestRules = field(default_factory=RestRules)
    step: timedelta = timedelta(minutes=15)


@dataclass(frozen=True)
class Request:
    """One open activity to place, with the people it needs."""

    id: int
    kind: str
    title: str
    due_from: date
    due_to: date
    minutes: int | None
    mentee: int
    partners: tuple[int, ...]  # in order of preference: the mentor, then the back-up
    partner_is_leader: bool = False

    @property
    def is_training_shift(self) -> bool:
        return self.kind == "opplaeringsvakt"

    @property
    def needs_time(self) -> bool:
        return self.is_training_shift or bool(self.minutes)


@dataclass(frozen=True)
class Placement:
    request_id: int
    start: datetime
    end: datetime
    partner: int
    note: str


@dataclass(frozen=True)
class Suggestion:
    """Put `person` on the shift `code` on `day` (instead of `replaces`, or a day off)."""

    person: int
    day: date
    code: str
    start: datetime
    end: datetime
    replaces: str | None
    text: str

    def as_dict(self) -> dict:
        return {"person": self.person, "day": self.day.isoformat(), "code": self.code,
                "start": self.start.isoformat(timespec="minutes"), "end": self.end.isoformat(timespec="minutes"),
                "replaces": self.replaces, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> "Suggestion":
        return cls(data["person"], date.fromisoformat(data["day"]), data["code"],
                   datetime.fromisoformat(data["start"]), datetime.fromisoformat(data["end"]),
                   data["replaces"], data["text"])


@dataclass(frozen=True)
class Conflict:
    request_id: int
    reason: str
    suggestions: tuple[Suggestion, ...] = ()

    def __post_init__(self):
        # Reasons are built from parts; a sentence starts with a capital letter.
        object.__setattr__(self, "reason", self.reason[:1].upper() + self.reason[1:])


@dataclass(frozen=True)
class Waiting:
    """Not placeable yet: the turnus of the people it needs is not known that far ahead."""

    request_id: int
    note: str


Outcome = Placement | Conflict | Waiting


class Turnus:
    """What is known of people's time: shifts, whole-day absences, who works office hours."""

    def __init__(self, shifts: dict[int, list[Interval]], absences: dict[int, dict[date, str]],
                 leaders: set[int], holidays: set[date], names: dict[int, str], settings: Settings):
        self.by_day: dict[int, dict[date, list[Interval]]] = defaultdict(lambda: defaultdict(list))
        for person, intervals in shifts.items():
            for shift in sorted(intervals):
                self.by_day[person][shift.day].append(shift)
        self.absences, self.leaders, self.holidays = absences, leaders, holidays
        self.names, self.settings = names, settings

    def absent(self, person: int, day: date) -> str | None:
        return self.absences.get(person, {}).get(day)

    def shifts(self, person: int, day: date) -> list[Interval]:
        """The person's working time that day: shifts, or office hours for a leader; none when absent."""
        if self.absent(person, day):
            return []
        if person in self.leaders:
            if day.weekday() >= 5 or day in self.holidays:
                return []
            first, last = self.settings.leader_day
            return [Interval(datetime.combine(day, first), datetime.combine(day, last), "kontor")]
        return list(self.by_day.get(person, {}).get(day, []))

    def known_until(self, person: int) -> date | None:
        """The last day the person's turnus is known (a leader's office hours always are)."""
        if person in self.leaders:
            return date.max
        days = list(self.by_day.get(person, {})) + list(self.absences.get(person, {}))
        return max(days, default=None)

    def all_shifts(self, person: int) -> list[Interval]:
        return [s for day in sorted(self.by_day.get(person, {})) for s in self.by_day[person][day]]

    def shifts_around(self, person: int, day: date, reach: timedelta) -> list[Interval]:
        """The person's shifts on the days within `reach` of a day, absent or not, in order."""
        days = self.by_day.get(person, {})
        return [s for d in days_between(day - reach, day + reach) for s in days.get(d, ())]

    def name(self, person: int) -> str:
        return self.names.get(person, "ukjent")


class Bookings:
    """What is already taken: conversation times per person, conversations per mentor shift,
    and the mentee shifts already used as opplæringsvakter."""

    def __init__(self):
        self.busy: dict[int, list[Interval]] = defaultdict(list)
        self.per_shift: dict[tuple[int, datetime], int] = defaultdict(int)
        self.training: set[tuple[int, datetime]] = set()

    def book(self, request: Request, placement: Placement, turnus: Turnus) -> None:
        if request.is_training_shift:
            self.training.add((request.mentee, placement.start))
            return
        slot = Interval(placement.start, placement.end)
        for person in (request.mentee, placement.partner):
            self.busy[person].append(slot)
        shift = _containing(turnus.shifts(placement.partner, slot.day), slot)
        if shift is not None and not request.partner_is_leader:
            self.per_shift[(placement.partner, shift.start)] += 1

    def free(self, person: int, slot: Interval) -> bool:
        return not any(slot.overlaps(taken) for taken in self.busy.get(person, ()))


class Strategy(Protocol):
    """How open activities are placed; a constraint solver could stand in for the greedy one."""

    def place(self, requests: list[Request], turnus: Turnus, bookings: Bookings, today: date) -> list[Outcome]:
        ...


def dm(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%d.%m} (uke {iso_week(day)})"


def _containing(shifts: list[Interval], slot: Interval) -> Interval | None:
    return next((s for s in shifts if s.start <= slot.start and slot.end <= s.end), None)


def days_between(first: date, last: date):
    return (first + timedelta(days=n) for n in range((last - first).days + 1))


def same_shift(mine: Interval, theirs: Interval, settings: Settings) -> bool:
    tolerance = settings.same_shift_tolerance
    return abs(mine.start - theirs.start) <= tolerance and abs(mine.end - theirs.end) <= tolerance


def usable(shift: Interval, settings: Settings, is_leader: bool) -> Interval | None:
    """The part of a shift where a conversation may sit: not at handover, not at night."""
    if is_leader:
        return shift
    if is_night(shift) and not settings.allow_night:
        return None
    start, end = shift.start + settings.handover_start, shift.end - settings.handover_end
    return Interval(start, end, shift.code) if start < end else None



def fits(request: Request, placement: Placement, turnus: Turnus, bookings: Bookings) -> bool:
    """Whether an activity placed earlier still fits the turnus as it is now."""
    day = placement.start.date()
    if not request.due_from <= day <= request.due_to or placement.partner not in request.partners:
        return False
    mine = [s for s in turnus.shifts(request.mentee, day) if s.start == placement.start and s.end == placement.end]
    if request.is_training_shift:
        return bool(mine) and (request.mentee, placement.start) not in bookings.training and any(
            same_shift(mine[0], theirs, turnus.settings) for theirs in turnus.shifts(placement.partner, day))
    slot = Interval(placement.start, placement.end)
    inside = [usable(s, turnus.settings, False) for s in turnus.shifts(request.mentee, day)]
    theirs = turnus.shifts(placement.partner, day)
    partner_inside = [usable(s, turnus.settings, request.partner_is_leader) for s in theirs]
    capacity_ok = request.partner_is_leader or all(
        bookings.per_shift[(placement.partner, s.start)] < turnus.settings.conversations_per_shift
        for s in theirs if s.start <= slot.start and slot.end <= s.end)
    return (any(w and w.start <= slot.start and slot.end <= w.end for w in inside)
            and any(w and w.start <= slot.start and slot.end <= w.end for w in partner_inside)
            and capacity_ok and bookings.free(request.mentee, slot) and bookings.free(placement.partner, slot))


# --- Explaining a conflict ---------------------------------------------------------------
