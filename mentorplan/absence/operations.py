"""Registering whole-day absences (ferie, kurs, permisjon, sykefravær) outside a turnus import.

An absence lies on top of the planned shifts: the shifts stay, nothing is placed on them.
Operations add and flush; the caller commits and re-plans.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select

from mentorplan.extensions import db
from mentorplan.models import Absence, AbsenceKind, Person, ShiftSource


@dataclass(frozen=True)
class AbsenceSpan:
    person_id: int
    kind: AbsenceKind
    first: date
    last: date


def register_absence(person: Person, kind: AbsenceKind, first: date, last: date) -> int:
    """Mark every day of [first, last] as `kind`, replacing another kind on the same day."""
    existing = {a.day: a for a in db.session.scalars(
        select(Absence).where(Absence.person_id == person.id, Absence.day.between(first, last)))}
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    for day in days:
        if day in existing:
            existing[day].kind, existing[day].source = kind, ShiftSource.MANUAL
        else:
            db.session.add(Absence(person_id=person.id, day=day, kind=kind, source=ShiftSource.MANUAL))
    db.session.flush()
    return len(days)


def remove_absence(person: Person, first: date, last: date) -> int:
    result = db.session.execute(delete(Absence).where(Absence.person_id == person.id, Absence.day.between(first, last)))
    db.session.flush()
    return result.rowcount


def spans(absences: list[Absence]) -> list[AbsenceSpan]:
    """Consecutive days of one kind for one person as one span, in order."""
    result: list[AbsenceSpan] = []
    for absence in sorted(absences, key=lambda a: (a.person_id, a.day)):
        last = result[-1] if result else None
        if last and (last.person_id, last.kind) == (absence.person_id, absence.kind) \
                and last.last == absence.day - timedelta(days=1):
            result[-1] = AbsenceSpan(last.person_id, last.kind, last.first, absence.day)
        else:
            result.append(AbsenceSpan(absence.person_id, absence.kind, absence.day, absence.day))
    return result
