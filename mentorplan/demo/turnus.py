"""The demo kommune's turnus: code tables, a three-week rotation for mentors and new nurses.

The cycle works every third weekend and never puts a day shift straight after an evening,
so it keeps the rest rules. A new nurse follows the same cycle as the mentor, as an
avdelingsleder arranges for the first weeks. Two honest conflicts are built in: one mentor
has two weeks of ferie when a new nurse starts, and one new nurse has no turnus yet for the
first two weeks.
"""
from datetime import date, time, timedelta

from mentorplan.extensions import db
from mentorplan.models import (
    Person,
    RotationException,
    RotationPattern,
    ShiftCode,
    Unit,
    UnitType,
    Ward,
)
from mentorplan.turnus.rotation import generate_shifts

# Three weeks, Monday first; empty = day off. Every third weekend worked.
CYCLE = (
    "D1", "D1", "K1", "", "", "D1", "D1",
    "K1", "K1", "", "D1", "D1", "", "",
    "D1", "D1", "K1", "K1", "", "", "",
)
CYCLE_ANCHOR = date(2025, 1, 6)  # a Monday
CODES = {
    UnitType.HJEMMESYKEPLEIE: {"D1": (time(7, 30), time(15)), "K1": (time(15), time(22, 30)),
                               "N1": (time(22, 15), time(7, 45))},
    None: {"D1": (time(7, 45), time(15, 15)), "K1": (time(15), time(23)), "L1": (time(7, 45), time(20, 15)),
           "N1": (time(22, 45), time(7, 45))},
}
LABELS = {"D1": "Dagvakt", "K1": "Kveldsvakt", "L1": "Langvakt", "N1": "Nattvakt"}
PAST_DAYS, FUTURE_DAYS = 28, 380


def add_code_table(unit: Unit) -> None:
    codes = CODES.get(unit.unit_type, CODES[None])
    db.session.add_all(ShiftCode(unit=unit, ward=None, code=code, starts=starts, ends=ends, label=LABELS[code])
                       for code, (starts, ends) in codes.items())


def pattern(person: Person, unit: Unit, ward: Ward | None, offset_weeks: int, starts_on: date) -> RotationPattern:
    """The cycle, shifted by whole weeks so that colleagues do not all work the same days."""
    anchor = CYCLE_ANCHOR - timedelta(weeks=offset_weeks)
    cycle_days = len(CYCLE)
    aligned = starts_on - timedelta(days=(starts_on - anchor).days % cycle_days)
    codes = list(CYCLE)
    shift = (starts_on - aligned).days
    rotated = codes[shift:] + codes[:shift]
    rotation = RotationPattern(person=person, unit_id=unit.id, ward_id=ward.id if ward else None,
                               starts_on=starts_on, weeks=len(CYCLE) // 7, codes=",".join(rotated))
    db.session.add(rotation)
    return rotation


def add_ferie(rotation: RotationPattern, first: date, days: int) -> None:
    rotation.exceptions.extend(RotationException(day=first + timedelta(days=n), code="FE") for n in range(days))


def generate_all(patterns: list[RotationPattern], today: date) -> int:
    db.session.flush()
    first, last = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    return sum(generate_shifts(p, first, last) for p in patterns)
