"""The access log (tilgangslogg): who read or changed which confidential record about whom.

An entry names the record by kind and id and never holds the record's text. There is one entry
per person, record, action and Oslo day, with how many times it happened that day: a mentor
opening a plan ten times is one line a personvernombud can read, not ten that drown the rest.
Entries are never edited otherwise nor deleted: the mapper refuses an update or delete, and the
only change an entry ever sees is privacy.access_log's increment of `count` and `last_at`, done
in SQL by the insert that meets it.
"""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.people import Person
from mentorplan.models.types import UTCDateTime, enum_column, utcnow
from mentorplan.norwegian import OSLO


class AccessKind(enum.StrEnum):
    CONVERSATION = "conversation"    # notes, preparation, reflection and agreed actions
    CHECKLIST = "checklist"          # the mentee's self-assessment and sign-offs
    EMPLOYMENT = "employment"        # a person's employment record
    ABSENCE = "absence"              # a person's registered absences (sykefravær among them)
    NOTIFICATION = "notification"    # the messages sent to a person (the admin's outbox)
    ROLE = "role"                    # a role given to the person (subject): what it lets them see
    MENTORSHIP = "mentorship"        # a mentor appointed to the mentee (subject), or a hand-over


class AccessAction(enum.StrEnum):
    READ = "read"
    CHANGE = "change"


ACCESS_KIND_LABELS = {
    AccessKind.CONVERSATION: "Samtalenotater",
    AccessKind.CHECKLIST: "Sjekkliste",
    AccessKind.EMPLOYMENT: "Arbeidsforhold",
    AccessKind.ABSENCE: "Fravær",
    AccessKind.NOTIFICATION: "Varsler",
    AccessKind.ROLE: "Rolle gitt",
    AccessKind.MENTORSHIP: "Mentor oppnevnt",
}
ACCESS_ACTION_LABELS = {AccessAction.READ: "Lest", AccessAction.CHANGE: "Endret"}


def oslo_day() -> date:
    return utcnow().astimezone(OSLO).date()


class AccessLogEntry(db.Model):
    __table_args__ = (
        sa.Index("ix_access_log_entry_subject_at", "subject_id", "at"),
        # The key of a day's entry, which the increment's ON CONFLICT names. An entry by no one (the
        # operator's command, the anonymisation job) has a NULL actor and so never meets another.
        sa.UniqueConstraint("actor_id", "subject_id", "kind", "object_id", "action", "day",
                            name="uq_access_log_entry_per_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)  # the day's first time
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # and its last
    day: Mapped[date] = mapped_column(default=oslo_day)  # `at`'s day in Oslo
    count: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    subject_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    kind: Mapped[AccessKind] = mapped_column(enum_column(AccessKind))
    action: Mapped[AccessAction] = mapped_column(enum_column(AccessAction))
    object_id: Mapped[int]
    address: Mapped[str | None] = mapped_column(sa.String(45))  # the first time's; shown to the admin only

    actor: Mapped[Person | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[Person] = relationship(foreign_keys=[subject_id])


def _append_only(mapper, connection, target):
    raise ValueError("Tilgangsloggen kan ikke endres eller slettes.")


sa.event.listen(AccessLogEntry, "before_update", _append_only)
sa.event.listen(AccessLogEntry, "before_delete", _append_only)
