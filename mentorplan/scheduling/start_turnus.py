"""A start turnus for a new hire who has none yet: the first weeks on the mentor's shifts.

The opplæringsvakter are shifts the new hire works together with the mentor (or the unit's other
mentor, the back-up). When the turnus system has no shifts for the hire in those weeks, every
one of them is a conflict with nothing to move. Instead one proposal is made for the person: the
hire works the shifts the mentor works, as many as there are opplæringsvakter, the shift types
mixed (days first, then evenings and nights as the mentor has them), and every shift lawful under
the rest rules of arbeidsmiljøloven § 10-8 together with the hire's other shifts. A shift is left
out only for a breach it would add itself; where the hire's turnus already breaks the rules, the
proposal says so.

Pure: plain intervals in, a plain proposal out.
"""
from dataclasses import dataclass
from datetime import date, time

from mentorplan.scheduling.rules import Interval, RestRules, is_night, rest_problems

KIND_ORDER = ("dag", "kveld", "natt")
# The first shifts of a new job are best learnt in daylight, with the most colleagues about.
DAY_SHIFTS_FIRST = 2


@dataclass(frozen=True)
class ProposedShift:
    shift: Interval
    partner: int
    partner_name: str

    @property
    def day(self) -> date:
        return self.shift.start.date()

    @property
    def kind(self) -> str:
        return shift_kind(self.shift)

    @property
    def key(self) -> str:
        """What identifies the line when the leader accepts some lines and not others."""
        return f"{self.day.isoformat()}:{self.shift.code}:{self.shift.start:%H%M}"


@dataclass(frozen=True)
class StartTurnus:
    shifts: tuple[ProposedShift, ...]
    wanted: int
    notes: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return len(self.shifts) >= self.wanted


def shift_kind(shift: Interval) -> str:
    """dag, kveld or natt, by when the shift starts (nights cross midnight or start before six)."""
    if is_night(shift):
        return "natt"
    return "dag" if shift.start.time() < time(12) else "kveld"


def propose_start_turnus(*, own: list[Interval], partners: list[tuple[int, str, list[Interval]]],
                         away: set[date], first: date, last: date, rules: RestRules,
                         wanted: int) -> StartTurnus:
    """Up to `wanted` of the partners' shifts from `first` to `last` for the hire to work with
    them: the mentor's first, the back-up's on days the mentor has none; at most one a day, none
    on a day the hire is away or has a shift already, each lawful with `own` and those chosen.

    `partners` is (person id, name, shifts) in order of preference.
    """
    taken_days = {s.start.date() for s in own} | set(away)
    candidates: dict[date, ProposedShift] = {}
    for person, name, shifts in partners:
        for shift in sorted(shifts):
            day = shift.start.date()
            if first <= day <= last and day not in taken_days and day not in candidates:
                candidates[day] = ProposedShift(shift, person, name)
    chosen: list[ProposedShift] = []
    notes: list[str] = []
    for kind in _kinds_wanted(wanted):
        pick = _first_lawful(candidates, kind, own, chosen, rules, notes) or _first_lawful(
            candidates, None, own, chosen, rules, notes)
        if pick is None:
            break
        chosen.append(pick)
        del candidates[pick.day]
    if len(chosen) < wanted:
        notes.append(f"Bare {len(chosen)} av {wanted} opplæringsvakter fant plass på mentorenes vakter "
                     f"{first:%d.%m}–{last:%d.%m}: resten må legges inn i turnusen for hånd.")
    return StartTurnus(tuple(sorted(chosen, key=lambda p: p.shift)), wanted, tuple(dict.fromkeys(notes)))


def _kinds_wanted(wanted: int) -> list[str]:
    """Days first, then the kinds in turn."""
    kinds = ["dag"] * min(DAY_SHIFTS_FIRST, wanted)
    while len(kinds) < wanted:
        kinds.append(KIND_ORDER[(len(kinds) - DAY_SHIFTS_FIRST) % len(KIND_ORDER)])
    return kinds


def _first_lawful(candidates: dict[date, ProposedShift], kind: str | None, own: list[Interval],
                  chosen: list[ProposedShift], rules: RestRules, notes: list[str]) -> ProposedShift | None:
    planned = own + [p.shift for p in chosen]
    for day in sorted(candidates):
        candidate = candidates[day]
        if kind is not None and candidate.kind != kind:
            continue
        # A night ends the next day, in 7-day windows that may not hold the day it starts.
        days = {day, candidate.shift.end.date()}
        before = [p for around in sorted(days) for p in rest_problems(planned, around, rules)]
        after = [p for around in sorted(days) for p in rest_problems(planned + [candidate.shift], around, rules)]
        if len(after) > len(before) or (after and not before):
            continue  # a breach the shift would add
        if before:
            notes.append(f"Turnusen bryter allerede hvilereglene rundt {day:%d.%m}: {before[0]}.")
        return candidate
    return None
