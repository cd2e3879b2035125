"""Running the mentor programme: per-unit terms for mentors, mentors' training, the mentees' pulse.

Mentor appointments themselves are `RoleAssignment`s (role mentor, scoped to a unit, valid from/to).
"""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Unit
from mentorplan.models.people import Person
from mentorplan.models.plans import Mentorship, new_calendar_uid
from mentorplan.models.types import UTCDateTime, enum_column, utcnow

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


class PulseResponse(db.Model):
    """A mentee's answer to the pulse at 3, 6 or 12 months: once per milestone, confidential.

    Scores run 1 (not at all) to 5 (fully); leaders only see unit aggregates of five or more.
    """

    __table_args__ = (
        sa.UniqueConstraint("mentorship_id", "milestone"),
        sa.CheckConstraint("milestone IN (3, 6, 12)", name="milestone_known"),
        sa.CheckConstraint("safety BETWEEN 1 AND 5 AND inclusion BETWEEN 1 AND 5 AND growth BETWEEN 1 AND 5 "
                           "AND workload BETWEEN 1 AND 5 AND recommend BETWEEN 1 AND 5", name="scores_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(sa.ForeignKey("mentorship.id"), index=True)
    milestone: Mapped[int]
    answered_on: Mapped[date]
    safety: Mapped[int]
    inclusion: Mapped[int]
    growth: Mapped[int]
    workload: Mapped[int]
    recommend: Mapped[int]
    intends_to_stay: Mapped[bool]
    asked_for_conversation: Mapped[bool] = mapped_column(default=False)

    mentorship: Mapped[Mentorship] = relationship()


class NetworkMeeting(db.Model):
    """A mentor network meeting (nettverksmøte) for the mentors of some units, e.g. a district.

    Start and end are Oslo wall-clock times, as shifts and placed activities are.
    """

    __table_args__ = (sa.CheckConstraint("ends > starts", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    starts: Mapped[datetime] = mapped_column(index=True)
    ends: Mapped[datetime]
    location: Mapped[str] = mapped_column(sa.String(200), default="")
    calendar_uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_calendar_uid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitations: Mapped[list["NetworkInvitation"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="NetworkInvitation.id")


class NetworkInvitation(db.Model):
    """A mentor invited to a network meeting as mentor of a unit; attended is None until registered."""

    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("network_meeting.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    attended: Mapped[bool | None]

    meeting: Mapped[NetworkMeeting] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()
    unit: Mapped[Unit] = relationship()
