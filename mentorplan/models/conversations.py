"""Logged conversations, what was agreed in them, and changes of mentor.

Notes, preparation, reflection and agreed actions are confidential: only the functions in
`conversations.py` read them out, under the rules in `access.py`.
"""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.people import Person
from mentorplan.models.plans import Mentorship, PlanActivity, Responsible
from mentorplan.models.types import UTCDateTime, enum_column, utcnow


class ConversationKind(enum.StrEnum):
    MENTORSAMTALE = "mentorsamtale"
    LEDERSAMTALE = "ledersamtale"


class Conversation(db.Model):
    """A mentor or leader conversation: planned (tied to a plan activity) or not.

    The row may exist before it is held, when the mentee writes a preparation; it is
    logged once `held_on` is set by the mentor or leader who held it.
    """

    __table_args__ = (
        sa.CheckConstraint("held_on IS NULL OR (duration_minutes IS NOT NULL AND held_by_id IS NOT NULL)",
                           name="logged_has_duration_and_holder"),
        sa.CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="positive_duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(sa.ForeignKey("mentorship.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan_activity.id", ondelete="SET NULL"), unique=True)
    kind: Mapped[ConversationKind] = mapped_column(enum_column(ConversationKind))
    held_on: Mapped[date | None]
    duration_minutes: Mapped[int | None]
    held_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    topics: Mapped[list] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    preparation: Mapped[str] = mapped_column(sa.Text, default="")
    reflection: Mapped[str] = mapped_column(sa.Text, default="")
    shared_with_leader: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    logged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last correction (the revisions keep what it said before); lists show it without them.
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentorship: Mapped[Mentorship] = relationship()
    activity: Mapped[PlanActivity | None] = relationship()
    held_by: Mapped[Person | None] = relationship(foreign_keys=[held_by_id])
    revisions: Mapped[list["ConversationRevision"]] = relationship(
        order_by="ConversationRevision.revised_at", cascade="all, delete-orphan")
    actions: Mapped[list["AgreedAction"]] = relationship(
        back_populates="conversation", order_by="(AgreedAction.due_on, AgreedAction.id)",
        cascade="all, delete-orphan",
    )

    @property
    def is_logged(self) -> bool:
        return self.held_on is not None


class ConversationRevision(db.Model):
    """What a logged conversation said before it was corrected: one row per correction, with who
    corrected it and when. The notes are as confidential as the conversation's own."""

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(sa.ForeignKey("conversation.id"), index=True)
    revised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    held_on: Mapped[date]
    duration_minutes: Mapped[int]
    topics: Mapped[list] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")

    revised_by: Mapped[Person | None] = relationship()


class AgreedAction(db.Model):
    """Something agreed in a conversation: what, who does it, by when; open until done."""

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(sa.ForeignKey("conversation.id"), index=True)
    what: Mapped[str] = mapped_column(sa.String(300))
    who: Mapped[Responsible] = mapped_column(enum_column(Responsible))
    due_on: Mapped[date]
    done_on: Mapped[date | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))

    conversation: Mapped[Conversation] = relationship(back_populates="actions")
    done_by: Mapped[Person | None] = relationship()


class MentorChange(db.Model):
    """One hand-over of a mentee to another mentor; the mentorship and its history stay."""

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(sa.ForeignKey("mentorship.id"), index=True)
    from_mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    to_mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    changed_on: Mapped[date]
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    reason: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    from_mentor: Mapped[Person] = relationship(foreign_keys=[from_mentor_id])
    to_mentor: Mapped[Person] = relationship(foreign_keys=[to_mentor_id])
    changed_by: Mapped[Person] = relationship(foreign_keys=[changed_by_id])
