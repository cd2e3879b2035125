"""The mentees' pulse: short answers at 3, 6 and 12 months."""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.plans import Mentorship


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
