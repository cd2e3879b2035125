"""Notifications: every message a person gets, in the app and (by preference) by e-mail.

A notification is data, written before anything is sent: its `key` names the one event it is
about (e.g. `tomorrow:<activity>:<person>:<date>`), and the unique constraint on it means no event
is ever queued twice, however many scheduler processes run. The e-mail columns are the outbox:
a sender claims a row (a conditional UPDATE, so only one process wins), sends, and marks it.
"""
import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.accounts import User
from mentorplan.models.people import Person
from mentorplan.models.types import UTCDateTime, enum_column, utcnow


class NotificationKind(enum.StrEnum):
    TOMORROW = "tomorrow"
    DIGEST = "digest"
    PROBATION = "probation"
    BEHIND = "behind"
    CHANGE = "change"
    # Mentor network meetings are another issue; the kind and its preference are ready for them.
    NETWORK = "network"
    BAD_ADDRESS = "bad_address"
    ACTION = "action"
    MENTOR = "mentor"


NOTIFICATION_KIND_LABELS = {
    NotificationKind.TOMORROW: "Påminnelse dagen før en opplæringsvakt eller samtale",
    NotificationKind.DIGEST: "Ukeoversikt for avdelingsleder",
    NotificationKind.PROBATION: "Frist for prøvetidsvurdering",
    NotificationKind.BEHIND: "Månedlig oversikt over planer som henger etter (enhetsleder)",
    NotificationKind.CHANGE: "Endringer i aktiviteter de neste 48 timene",
    NotificationKind.NETWORK: "Mentornettverksmøter",
    NotificationKind.BAD_ADDRESS: "Avviste e-postadresser (administrator)",
    NotificationKind.ACTION: "Avtalte tiltak til deg",
    NotificationKind.MENTOR: "Hvem som er mentoren din (og kan lese mentorsamtalene)",
}


class EmailStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    OUTBOX = "outbox"            # development and demo: kept in the local outbox, not sent
    MUTED = "muted"              # the person has turned e-mail off for this kind
    NO_ADDRESS = "no_address"
    BAD_ADDRESS = "bad_address"  # the server refused the address for good; the admin is told
    EXPIRED = "expired"          # could not be sent before it stopped making sense


EMAIL_STATUS_LABELS = {
    EmailStatus.PENDING: "venter",
    EmailStatus.SENT: "sendt",
    EmailStatus.OUTBOX: "i lokal utboks",
    EmailStatus.MUTED: "e-post slått av",
    EmailStatus.NO_ADDRESS: "ingen e-postadresse",
    EmailStatus.BAD_ADDRESS: "adressen ble avvist",
    EmailStatus.EXPIRED: "utløpt",
}


class Notification(db.Model):
    __table_args__ = (
        sa.Index("ix_notification_outbox", "email_status", "next_attempt_at"),
        # /varsler: one person's messages, newest first, a page at a time.
        sa.Index("ix_notification_person_due", "person_id", "due_at"),
        # /utboks: the kommune's messages newest first, a page at a time (migration 0012_speed).
        sa.Index("ix_notification_due", "due_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    summary: Mapped[str] = mapped_column(sa.String(300))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[EmailStatus] = mapped_column(enum_column(EmailStatus), default=EmailStatus.PENDING)
    email_to: Mapped[str | None] = mapped_column(sa.String(254))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


DEFAULT_DIGEST_WEEKDAY = 4  # Friday: the digest looks at the coming week


class NotificationSettings(db.Model):
    """A user's choices: which kinds of message also come by e-mail, and the digest's weekday."""

    __table_args__ = (sa.CheckConstraint("digest_weekday BETWEEN 0 AND 6", name="weekday_range"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), primary_key=True)
    digest_weekday: Mapped[int] = mapped_column(default=DEFAULT_DIGEST_WEEKDAY)
    # The kinds (NotificationKind values) the user does not want by e-mail; in the app they stay.
    muted_kinds: Mapped[list] = mapped_column(sa.JSON, default=list)

    user: Mapped[User] = relationship()

    def emails(self, kind: NotificationKind) -> bool:
        return kind.value not in (self.muted_kinds or [])
