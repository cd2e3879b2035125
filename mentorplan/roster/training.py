"""Mentors' training in the competence programme (e.g. NTNU's Mentorutdanning MDV6024, or a local course).

Operations add and flush; the caller commits.
"""
from collections import Counter
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import MentorTraining, Person, TrainingStatus
from mentorplan.plans.operations import ProgrammeError

DEFAULT_PROGRAMME = "Mentorutdanning MDV6024 (NTNU)"


def check_training(status: TrainingStatus, started_on: date | None, completed_on: date | None, today: date) -> None:
    """The dates a status needs; the message is for the user."""
    if status is TrainingStatus.NOT_STARTED and (started_on or completed_on):
        raise ProgrammeError("En utdanning som ikke er startet, har ingen start- eller fullføringsdato.")
    if status is not TrainingStatus.NOT_STARTED and started_on is None:
        raise ProgrammeError("Skriv inn når utdanningen startet.")
    if status is TrainingStatus.IN_PROGRESS and completed_on:
        raise ProgrammeError("En utdanning som pågår, har ingen fullføringsdato ennå.")
    if status is TrainingStatus.COMPLETED and completed_on is None:
        raise ProgrammeError("Skriv inn når utdanningen ble fullført.")
    if completed_on and started_on and completed_on < started_on:
        raise ProgrammeError("Fullføringsdatoen kan ikke være før startdatoen.")
    if completed_on and completed_on > today:
        raise ProgrammeError("Fullføringsdatoen kan ikke være fram i tid.")


def set_training(person: Person, programme: str, status: TrainingStatus, started_on: date | None,
                 completed_on: date | None, today: date) -> MentorTraining:
    """Register or update the mentor's status in one programme."""
    check_training(status, started_on, completed_on, today)
    record = db.session.scalars(select(MentorTraining).where(
        MentorTraining.person_id == person.id, MentorTraining.programme == programme)).first()
    if record is None:
        record = MentorTraining(person_id=person.id, programme=programme)
        db.session.add(record)
    record.status, record.started_on, record.completed_on = status, started_on, completed_on
    db.session.flush()
    return record


def trainings(person_ids: list[int]) -> dict[int, list[MentorTraining]]:
    records = db.session.scalars(select(MentorTraining).where(MentorTraining.person_id.in_(person_ids))
                                 .order_by(MentorTraining.programme))
    by_person: dict[int, list[MentorTraining]] = {pid: [] for pid in person_ids}
    for record in records:
        by_person[record.person_id].append(record)
    return by_person


def best_status(records: list[MentorTraining]) -> TrainingStatus:
    """A mentor's furthest status in any programme; no record counts as not started."""
    order = [TrainingStatus.NOT_STARTED, TrainingStatus.IN_PROGRESS, TrainingStatus.COMPLETED]
    return max((r.status for r in records), key=order.index, default=TrainingStatus.NOT_STARTED)


def status_counts(by_person: dict[int, list[MentorTraining]]) -> Counter:
    return Counter(best_status(records) for records in by_person.values())
