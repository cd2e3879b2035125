"""Mentor network meetings (nettverksmøter) and who is invited."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Unit
from mentorplan.models.people import Person
from mentorplan.models.plans import new_calendar_uid
from mentorplan.models.types import UTCDateTime, utcnow


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
