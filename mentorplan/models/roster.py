"""The unit's mentor roster: its terms for mentors (funksjonstillegg, mentees per mentor) and the
mentors' training. Mentor appointments themselves are `RoleAssignment`s (role mentor, scoped to a
unit, valid from/to)."""
import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Unit
from mentorplan.models.people import Person
from mentorplan.models.types import enum_column

DEFAULT_ANNUAL_SUPPLEMENT = 15_000
DEFAULT_MENTEE_LIMIT = 3


class UnitMentorTerms(db.Model):
    """What a unit pays its mentors a year and how many mentees one mentor follows at most."""

    __table_args__ = (
        sa.CheckConstraint("annual_supplement >= 0", name="supplement_not_negative"),
        sa.CheckConstraint("mentee_limit >= 1", name="mentee_limit_positive"),
    )

    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), primary_key=True)
    annual_supplement: Mapped[int] = mapped_column(default=DEFAULT_ANNUAL_SUPPLEMENT)
    mentee_limit: Mapped[int] = mapped_column(default=DEFAULT_MENTEE_LIMIT)

    unit: Mapped[Unit] = relationship()


class TrainingStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return TRAINING_STATUS_LABELS[self]


TRAINING_STATUS_LABELS = {
    TrainingStatus.NOT_STARTED: "Ikke startet",
    TrainingStatus.IN_PROGRESS: "Pågår",
    TrainingStatus.COMPLETED: "Fullført",
}


class MentorTraining(db.Model):
    """A mentor's place in a competence programme, e.g. Mentorutdanning MDV6024 (NTNU)."""

    __table_args__ = (
        sa.UniqueConstraint("person_id", "programme"),
        sa.CheckConstraint("completed_on IS NULL OR started_on IS NULL OR completed_on >= started_on",
                           name="completed_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    programme: Mapped[str] = mapped_column(sa.String(160))
    status: Mapped[TrainingStatus] = mapped_column(enum_column(TrainingStatus))
    started_on: Mapped[date | None]
    completed_on: Mapped[date | None]

    person: Mapped[Person] = relationship()
