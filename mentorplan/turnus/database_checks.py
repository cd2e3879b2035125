"""The checks of a read turnus file that need the database: who its employees are, and the times
the ward's code table gives a row that leaves them empty.

`turnus.changes.plan_turnus_import` runs them, adds `entries.check_entries` on the completed
entries and raises every problem together. The kommune's people, employments and code table are
loaded with one query each.
"""
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Employment, Kommune, Person, ShiftCode, Unit
from mentorplan.turnus.entries import TurnusEntry, TurnusError, TurnusFile
from mentorplan.turnus.time_rules import TimeProblem, shift_times


@dataclass(frozen=True)
class KnownPerson:
    id: int
    name: str


def find_people(kommune: Kommune, turnus: TurnusFile, allowed: Collection[int] | None,
                errors: list[TurnusError]) -> dict[str, KnownPerson]:
    """The file's people by employee number (one query); unknown and not allowed ones are errors."""
    rows = db.session.execute(select(Person.id, Person.employee_number, Person.first_name, Person.last_name)
                              .where(Person.kommune_id == kommune.id))
    known = {number: KnownPerson(id_, f"{first} {last}") for id_, number, first, last in rows}
    allowed = set(allowed) if allowed is not None else None
    people = {}
    for number, entries in turnus.entries.items():
        person = known.get(number)
        if person is None:
            message = f"fant ingen ansatt med ansattnr {number} i {kommune.name}{_also(entries)}."
        elif allowed is not None and person.id not in allowed:
            message = f"ansatt {number} hører ikke til din avdeling{_also(entries)}."
        else:
            people[number] = person
            continue
        errors.append(turnus.error(entries[0].line, message, "ansattnr"))
    return people


def _also(entries: list[TurnusEntry]) -> str:
    # One message per person, not one per row: a wrong file would otherwise list every row.
    others = len({entry.line for entry in entries}) - 1
    return f" (gjelder også {others} rader til)" if others > 1 else (" (gjelder også 1 rad til)" if others else "")


class CodeTable:
    """The kommune's shift codes and who works where, loaded only when a row leaves its times empty."""

    def __init__(self, kommune_id: int):
        self.kommune_id = kommune_id
        self.codes: dict[tuple, tuple[time | None, time | None]] | None = None
        self.employments: dict[int, list[tuple]] = {}
        self.shifts: dict[tuple, tuple[datetime, datetime] | TimeProblem] = {}

    def _load(self) -> None:
        codes = db.session.execute(select(ShiftCode.unit_id, ShiftCode.ward_id, ShiftCode.code, ShiftCode.starts,
                                          ShiftCode.ends).join(ShiftCode.unit).where(Unit.kommune_id == self.kommune_id))
        self.codes = {(unit, ward, code.upper()): (starts, ends) for unit, ward, code, starts, ends in codes}
        jobs = db.session.execute(select(Employment.person_id, Employment.start_date, Employment.end_date,
                                         Employment.unit_id, Employment.ward_id).join(Employment.person)
                                  .where(Person.kommune_id == self.kommune_id).order_by(Employment.start_date))
        for person_id, *job in jobs:
            self.employments.setdefault(person_id, []).append(tuple(job))

    def fill_times(self, turnus: TurnusFile, people: dict[str, KnownPerson], errors: list[TurnusError]) -> None:
        for number, entries in turnus.entries.items():
            person = people.get(number)
            for entry in entries:
                if person is not None and entry.starts is None and entry.is_shift:
                    if self.codes is None:
                        self._load()
                    self._fill(turnus, person.id, entry, errors)

    def _fill(self, turnus: TurnusFile, person_id: int, entry: TurnusEntry, errors: list[TurnusError]) -> None:
        times = self._times(person_id, entry.day, entry.code)
        if times is None:
            errors.append(turnus.error(entry.line, f"vaktkoden «{entry.code}» finnes ikke i kodetabellen der "
                                                   f"ansatt {entry.employee_number} jobber, så start og slutt "
                                                   "må fylles ut.", "vaktkode"))
        elif times[0] is None:
            entry.day_off = True  # the ward's own code for a day off
        else:
            result = self._shift(entry.day, *times)
            if isinstance(result, TimeProblem):
                start, end = times
                errors.append(turnus.error(entry.line, f"vaktkoden {entry.code} ({start:%H:%M}–{end:%H:%M} i "
                                                       f"kodetabellen): {result.message}", "vaktkode"))
            else:
                entry.starts, entry.ends = result

    def _times(self, person_id: int, day: date, code: str) -> tuple | None:
        """The code's times in the person's ward on that day; a ward's own row wins over the unit's."""
        job = _employment_on(self.employments.get(person_id, []), day)
        if job is None:
            return None
        unit_id, ward_id = job[2], job[3]
        found = self.codes.get((unit_id, ward_id, code)) if ward_id is not None else None
        found = found or self.codes.get((unit_id, None, code))
        if found is not None and found[0] is not None and found[1] is None:
            return None  # a start without an end says nothing usable
        return found

    def _shift(self, day: date, start: time, end: time):
        key = (day, start, end)
        if key not in self.shifts:
            try:
                self.shifts[key] = shift_times(day, start, end)
            except TimeProblem as problem:
                self.shifts[key] = problem
        return self.shifts[key]


def _employment_on(jobs: list[tuple], day: date) -> tuple | None:
    """The employment active that day; else the last one begun by then (a turnus may run past an
    end date not yet registered), else the first."""
    if len(jobs) == 1:
        return jobs[0]
    begun = [job for job in jobs if job[0] <= day]
    active = [job for job in begun if job[1] is None or job[1] >= day]
    candidates = active or begun or jobs[:1]
    return candidates[-1] if candidates else None

