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

from mentorplan.planning.calendar import iso_week
from mentorplan.scheduling.rules import (
    REST_HORIZON,
    Interval,
    RestRules,
    is_night,
    rest_problems,
)

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
MAX_SUGGESTIONS = 3


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
        return [s for d in _days(day - reach, day + reach) for s in days.get(d, ())]

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


def _days(first: date, last: date):
    return (first + timedelta(days=n) for n in range((last - first).days + 1))


class GreedyStrategy:
    """Earliest lawful slot first, activity by activity in order of deadline."""

    def place(self, requests: list[Request], turnus: Turnus, bookings: Bookings, today: date) -> list[Outcome]:
        outcomes = []
        used_codes: dict[str, int] = defaultdict(int)
        for request in sorted(requests, key=lambda r: (r.due_to, r.due_from, r.id)):
            outcome = self.place_one(request, turnus, bookings, today, used_codes)
            if isinstance(outcome, Placement):
                bookings.book(request, outcome, turnus)
            outcomes.append(outcome)
        return outcomes

    def place_one(self, request, turnus, bookings, today, used_codes) -> Outcome:
        first = max(request.due_from, today)
        if request.due_to < first:
            # Overdue shows as such on every page; there is no slot left to find.
            return Waiting(request.id, f"Fristen {request.due_to:%d.%m.%Y} er passert uten at aktiviteten er utført.")
        # A leader's office hours are always known, so with a leader it is the mentee's turnus that counts.
        whose = (request.mentee,) if request.partner_is_leader else request.partners
        known = [k for k in (turnus.known_until(p) for p in whose) if k]
        if not any(k >= first for k in known):
            return Waiting(request.id, "Venter på turnus: den er ikke kjent for vinduet ennå.")
        if request.is_training_shift:
            outcome = self._training_shift(request, turnus, bookings, first, used_codes)
        else:
            outcome = self._conversation(request, turnus, bookings, first)
        if not isinstance(outcome, Conflict):
            return outcome
        if not any(k >= request.due_to for k in known):
            # Only a fully known window can be declared impossible.
            return Waiting(request.id, "Venter på turnus for resten av vinduet; ingen felles tid i den kjente delen.")
        return Conflict(request.id, outcome.reason, suggest_shift_moves(request, turnus, first))

    def _training_shift(self, request, turnus, bookings, first, used_codes) -> Outcome:
        candidates = [
            (used_codes[mine.code], day, rank, mine, partner)
            for day in _days(first, request.due_to)
            for mine in turnus.shifts(request.mentee, day)
            if (request.mentee, mine.start) not in bookings.training
            for rank, partner in enumerate(request.partners)
            if any(_same_shift(mine, theirs, turnus.settings) for theirs in turnus.shifts(partner, day))
        ]
        if not candidates:
            return Conflict(request.id, _why_no_shared_shift(request, turnus, first))
        _, day, rank, mine, partner = min(candidates, key=lambda c: c[:3])
        used_codes[mine.code] += 1
        role = "mentor" if rank == 0 else "reservementor"
        return Placement(request.id, mine.start, mine.end, partner,
                         f"Felles vakt {mine.code} {dm(day)} med {role} {turnus.name(partner)}.")

    def _conversation(self, request, turnus, bookings, first) -> Outcome:
        length = timedelta(minutes=request.minutes or 45)
        for day in _days(first, request.due_to):
            for partner in request.partners:
                slot = _first_slot(request, partner, day, length, turnus, bookings)
                if slot is not None:
                    return Placement(request.id, slot.start, slot.end, partner, _slot_note(request, partner, slot, turnus))
        return Conflict(request.id, _why_no_common_time(request, turnus, first))


def _same_shift(mine: Interval, theirs: Interval, settings: Settings) -> bool:
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


def _first_slot(request, partner, day, length, turnus, bookings) -> Interval | None:
    settings = turnus.settings
    for mine in turnus.shifts(request.mentee, day):
        my_window = usable(mine, settings, False)
        if my_window is None:
            continue
        for theirs in turnus.shifts(partner, day):
            if (not request.partner_is_leader
                    and bookings.per_shift[(partner, theirs.start)] >= settings.conversations_per_shift):
                continue
            their_window = usable(theirs, settings, request.partner_is_leader)
            if their_window is None:
                continue
            start, end = max(my_window.start, their_window.start), min(my_window.end, their_window.end)
            start = _round_up(start, settings.step)
            while start + length <= end:
                slot = Interval(start, start + length)
                if bookings.free(request.mentee, slot) and bookings.free(partner, slot):
                    return slot
                start += settings.step
    return None


def _round_up(moment: datetime, step: timedelta) -> datetime:
    midnight = datetime.combine(moment.date(), time())
    steps = -(-(moment - midnight) // step)
    return midnight + steps * step


def _slot_note(request, partner, slot, turnus) -> str:
    who = "leder" if request.partner_is_leader else (
        "mentor" if partner == request.partners[0] else "reservementor")
    return (f"{dm(slot.day)} kl. {slot.start:%H:%M}–{slot.end:%H:%M}: {turnus.name(request.mentee)} og "
            f"{who} {turnus.name(partner)} er begge på jobb, utenom vaktskiftet.")


def fits(request: Request, placement: Placement, turnus: Turnus, bookings: Bookings) -> bool:
    """Whether an activity placed earlier still fits the turnus as it is now."""
    day = placement.start.date()
    if not request.due_from <= day <= request.due_to or placement.partner not in request.partners:
        return False
    mine = [s for s in turnus.shifts(request.mentee, day) if s.start == placement.start and s.end == placement.end]
    if request.is_training_shift:
        return bool(mine) and (request.mentee, placement.start) not in bookings.training and any(
            _same_shift(mine[0], theirs, turnus.settings) for theirs in turnus.shifts(placement.partner, day))
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

def _absence_spans(turnus: Turnus, person: int, first: date, last: date) -> list[str]:
    """The person's absences in a window as «ferie 01.07–21.07»; days off in between (a weekend
    inside three weeks' ferie) do not split a span, a working day does."""
    spans, current = [], None
    for day in _days(first, last):
        kind = turnus.absent(person, day)
        if kind is None:
            if current and turnus.shifts(person, day):
                spans.append(current)
                current = None
        elif current and current[0] == kind:
            current = (kind, current[1], day)
        else:
            if current:
                spans.append(current)
            current = (kind, day, day)
    if current:
        spans.append(current)
    return [f"{kind} {start:%d.%m}" + (f"–{end:%d.%m}" if end != start else "") for kind, start, end in spans]


def _who_is_away(request, turnus, first) -> str:
    people = [(request.mentee, "nytilsatt")] + [
        (p, "leder" if request.partner_is_leader else ("mentor" if i == 0 else "reservementor"))
        for i, p in enumerate(request.partners)]
    parts = [f"{role} {turnus.name(p)} har {', '.join(spans)}"
             for p, role in people if (spans := _absence_spans(turnus, p, first, request.due_to))]
    return "; ".join(parts) + "; " if parts else ""


def _why_no_shared_shift(request, turnus, first) -> str:
    window = f"{first:%d.%m}–{request.due_to:%d.%m}"
    if not any(turnus.shifts(request.mentee, d) for d in _days(first, request.due_to)):
        return f"{turnus.name(request.mentee)} har ingen vakter i turnus {window}."
    return f"{_who_is_away(request, turnus, first)}ingen felles vakt med mentor eller reservementor {window}."


def _why_no_common_time(request, turnus, first) -> str:
    window = f"{first:%d.%m}–{request.due_to:%d.%m}"
    if request.partner_is_leader:
        return f"{_who_is_away(request, turnus, first)}ingen dagvakt i lederens kontortid {window}."
    return (f"{_who_is_away(request, turnus, first)}ingen felles arbeidstid utenom vaktskifte "
            f"og natt {window}.")


# --- Suggesting a way out ------------------------------------------------------------------

def suggest_shift_moves(request: Request, turnus: Turnus, first: date) -> tuple[Suggestion, ...]:
    """Move the mentee onto a shift where the partner is at work, on days the rest rules allow it."""
    suggestions = []
    for day in _days(first, request.due_to):
        if turnus.absent(request.mentee, day):
            continue
        suggestion = next((move for partner in request.partners
                           for target in _target_shifts(request, partner, day, turnus)
                           if (move := _lawful_move(request, partner, day, target, turnus))), None)
        if suggestion:
            suggestions.append(suggestion)
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return tuple(suggestions)


def _target_shifts(request, partner, day, turnus) -> list[Interval]:
    """Shifts the mentee could be moved onto that day to be at work with the partner."""
    if request.partner_is_leader:
        models = _day_shifts(turnus, request.mentee)
        return [_on_day(models[0], day)] if models and turnus.shifts(partner, day) else []
    shifts = turnus.shifts(partner, day)
    return shifts if request.is_training_shift else [s for s in shifts if usable(s, turnus.settings, False)]


def _day_shifts(turnus, person) -> list[Interval]:
    """The person's own day shifts (starting 06:00–09:00), the model for a move to days."""
    return [s for s in turnus.all_shifts(person) if time(6) <= s.start.time() <= time(9) and not is_night(s)]


def _on_day(model: Interval, day: date) -> Interval:
    return Interval(datetime.combine(day, model.start.time()), datetime.combine(day, model.end.time()), model.code)


def _lawful_move(request, partner, day, target, turnus) -> Suggestion | None:
    """The move onto `target`, unless it adds a breach of the rest rules. A breach the mentee's
    turnus has already is no reason to refuse a move that does not worsen it; the suggestion names it."""
    mine = turnus.shifts(request.mentee, day)
    if any(s.start == target.start and s.end == target.end for s in mine):
        return None
    around = turnus.shifts_around(request.mentee, day, REST_HORIZON)
    others = [s for s in around if s.day != day]
    before = rest_problems(around, day, turnus.settings.rest)
    after = rest_problems(others + [target], day, turnus.settings.rest)
    if len(after) > len(before) or (after and not before):
        return None
    replaces = mine[0].code if mine else None
    what = f"fra {replaces} til {target.code}" if replaces else f"fra fri til {target.code}"
    together = ("så er dere på jobb samtidig med lederen" if request.partner_is_leader
                else f"så går {turnus.name(request.mentee)} samme vakt som {turnus.name(partner)}")
    text = f"Flytt {turnus.name(request.mentee)} {what} {dm(day)}, {together}."
    if after:
        text += f" Turnusen bryter allerede hvilereglene her ({after[0]}); flyttingen gjør det ikke verre."
    return Suggestion(request.mentee, day, target.code, target.start, target.end, replaces, text)
