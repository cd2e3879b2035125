"""Rotation patterns: a cycle of N weeks of shift codes, repeated from a start date, with exceptions.

`rotation_days` is pure; `generate_shifts` writes a pattern's shifts (source rotation) over a
period, replacing the rotation's own earlier shifts there and nothing imported or accepted.
"""
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import delete, insert, select

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AbsenceKind,
    RotationPattern,
    Shift,
    ShiftCode,
    ShiftSource,
)
from mentorplan.plans.operations import ProgrammeError
from mentorplan.scheduling.rules import shift_interval

DAY_OFF_CODES = {"", "F", "F1", "F2", "F3", "F4", "F5"}
ABSENCE_CODES = {kind.value: kind for kind in AbsenceKind}


def rotation_days(starts_on: date, codes: list[str], first: date, last: date,
                  exceptions: dict[date, str] | None = None) -> Iterator[tuple[date, str]]:
    """(day, code) for each day in [first, last] from the pattern's start on, exceptions first."""
    exceptions = exceptions or {}
    day = max(first, starts_on)
    while day <= last:
        yield day, exceptions.get(day, codes[(day - starts_on).days % len(codes)])
        day += timedelta(days=1)


def code_table(unit_id: int, ward_id: int | None) -> dict[str, ShiftCode]:
    """The ward's shift codes, falling back to the unit-wide ones."""
    rows = db.session.scalars(select(ShiftCode).where(
        ShiftCode.unit_id == unit_id, (ShiftCode.ward_id == ward_id) | ShiftCode.ward_id.is_(None)))
    table: dict[str, ShiftCode] = {}
    for row in sorted(rows, key=lambda r: r.ward_id is not None):
        table[row.code] = row
    return table


def generate_shifts(pattern: RotationPattern, first: date, last: date) -> int:
    """Write the pattern's shifts and absences for [first, last]; returns the number of shifts."""
    last = min(last, pattern.valid_to) if pattern.valid_to else last
    table = code_table(pattern.unit_id, pattern.ward_id)
    exceptions = {e.day: e.code for e in pattern.exceptions}
    shifts, absences = [], []
    for day, code in rotation_days(pattern.starts_on, pattern.code_list, first, last, exceptions):
        if code in DAY_OFF_CODES:
            continue
        if code in ABSENCE_CODES:
            absences.append({"person_id": pattern.person_id, "day": day, "kind": ABSENCE_CODES[code],
                             "source": ShiftSource.ROTATION})
            continue
        known = table.get(code)
        if known is None or known.starts is None:
            raise ProgrammeError(f"Vaktkoden «{code}» i turnusmønsteret finnes ikke i avdelingens kodetabell.")
        interval = shift_interval(day, known.starts, known.ends, code)
        shifts.append({"person_id": pattern.person_id, "day": day, "code": code, "starts": interval.start,
                       "ends": interval.end, "source": ShiftSource.ROTATION})
    _clear_rotation(pattern.person_id, max(first, pattern.starts_on), last)
    if shifts:
        db.session.execute(insert(Shift), shifts)
    if absences:
        db.session.execute(insert(Absence), absences)
    return len(shifts)


def _clear_rotation(person_id: int, first: date, last: date) -> None:
    for model in (Shift, Absence):
        db.session.execute(delete(model).where(
            model.person_id == person_id, model.day.between(first, last), model.source == ShiftSource.ROTATION))
