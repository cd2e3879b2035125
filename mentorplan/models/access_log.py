"""The access log (tilgangslogg): who read or changed which confidential record about whom.

An entry names the record by kind and id and never holds the record's text. Entries are only
ever added: the mapper refuses to update or delete one, and the app has no page that would.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.people import Person
from mentorplan.models.types import UTCDateTime, enum_column, utcnow


class AccessKind(enum.StrEnum):
    CONVERSATION = "conversation"    # notes, preparation, reflection and agreed actions
    CHECKLIST = "checklist"          # the mentee's self-assessment and sign-offs
    EMPLOYMENT = "employment"        # a person's employment record
    ROLE = "role"                    # a role given to the person (subject): what it lets them see
    MENTORSHIP = "mentorship"        # a mentor appointed to the mentee (subject), or a hand-over


class AccessAction(enum.StrEnum):
    READ = "read"
    CHANGE = "change"


ACCESS_KIND_LABELS = {
    AccessKind.CONVERSATION: "Samtalenotater",
    AccessKind.CHECKLIST: "Sjekkliste",
    AccessKind.EMPLOYMENT: "Arbeidsforhold",
    AccessKind.ROLE: "Rolle gitt",
    AccessKind.MENTORSHIP: "Mentor oppnevnt",
}
ACCESS_ACTION_LABELS = {AccessAction.READ: "Lest", AccessAction.CHANGE: "Endret"}


class AccessLogEntry(db.Model):
    __table_args__ = (sa.Index("ix_access_log_entry_subject_at", "subject_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    subject_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    kind: Mapped[AccessKind] = mapped_column(enum_column(AccessKind))
    action: Mapped[AccessAction] = mapped_column(enum_column(AccessAction))
    object_id: Mapped[int]
    address: Mapped[str | None] = mapped_column(sa.String(45))

    actor: Mapped[Person | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[Person] = relationship(foreign_keys=[subject_id])


def _append_only(mapper, connection, target):
    raise ValueError("Tilgangsloggen kan ikke endres eller slettes.")


sa.event.listen(AccessLogEntry, "before_update", _append_only)
sa.event.listen(AccessLogEntry, "before_delete", _append_only)
