"""Registering whole-day absences (ferie, kurs, permisjon, sykefravær) outside a turnus import.

An absence lies on top of the planned shifts: the shifts stay, nothing is placed on them.
Registering or removing one re-places the person's plans in the same step. Operations add and
flush; the caller commits.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, select

from mentorplan.extensions import db
from mentorplan.models import Absence, AbsenceKind, Person, ShiftSource
from mentorplan.scheduling.service import ScheduleSummary, replan_people


@dataclass(frozen=True)
class AbsenceSpan:
    person_id: int
    kind: AbsenceKind
    first: date
    last: date


@dataclass(frozen=True)
class AbsenceChange:
    days: int  # registered or removed
    plans: ScheduleSummary  # what re-placing the person's plans did


def register_absence(person: Person, kind: AbsenceKind, first: date, last: date) -> AbsenceChange:
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
    return AbsenceChange(len(days), replan_people([person.id]))


def remove_absence(person: Person, first: date, last: date) -> AbsenceChange:
    result = db.session.execute(delete(Absence).where(Absence.person_id == person.id, Absence.day.between(first, last)))
    db.session.flush()
    return AbsenceChange(result.rowcount, replan_people([person.id]))


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
