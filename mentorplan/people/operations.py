"""HR's changes to employment records, and a leader's new hire. Flushes; the caller commits."""
from datetime import date

from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import (
    Employment,
    EndReason,
    Mentorship,
    Person,
    PositionChange,
    Profession,
    Unit,
    User,
    Ward,
)
from mentorplan.people.leaving import end_access, end_mentorship_with
from mentorplan.scheduling.mentorships import start_and_place


def end_employment(employment: Employment, end: date, reason: EndReason, on: date | None = None) -> list[User]:
    """Record the last day and why; a mentorship for the employment ends with it, and what the
    plan still had open after that day is cancelled (done and logged activities stay). When the
    person has left by `on` (today), their account is deactivated at once (people/leaving.py);
    the accounts deactivated."""
    employment.end_date, employment.end_reason = end, reason
    end_mentorship_with(employment)
    db.session.flush()
    return end_access(on or today(), [employment.person_id])


def change_position(employment: Employment, from_date: date, percent: int) -> None:
    """From `from_date` on the employment is `percent` %; a change already on that day is replaced."""
    existing = next((c for c in employment.position_changes if c.from_date == from_date), None)
    if existing is None:
        employment.position_changes.append(PositionChange(from_date=from_date, position_percent=percent))
    else:
        existing.position_percent = percent
    db.session.flush()


def register_hire(kommune_id: int, ward: Ward, *, employee_number: str, first_name: str, last_name: str,
                  email: str | None, start_date: date, profession: Profession, position_percent: int,
                  newly_graduated: bool, mentor: Person, by: Person) -> Mentorship:
    """A new hire in the ward: the person, the employment, and the mentorship with the mentor, its
    plan placed in the turnus (ProgrammeError when it cannot start)."""
    person = Person(kommune_id=kommune_id, employee_number=employee_number, first_name=first_name,
                    last_name=last_name, email=email)
    employment = Employment(
        person=person, unit=db.session.get(Unit, ward.unit_id), ward=ward, start_date=start_date,
        profession=profession, position_percent=position_percent, newly_graduated=newly_graduated,
    )
    db.session.add_all([person, employment])
    db.session.flush()
    return start_and_place(employment, mentor, by=by)
