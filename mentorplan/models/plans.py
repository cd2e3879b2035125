"""Mentorships, versioned plan templates and each mentee's plan."""
import enum
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Kommune, Unit
from mentorplan.models.people import Employment, Person
from mentorplan.models.types import UTCDateTime, enum_column, utcnow


class ActivityKind(enum.StrEnum):
    OPPLAERINGSVAKT = "opplaeringsvakt"
    MENTORSAMTALE = "mentorsamtale"
    LEDERSAMTALE = "ledersamtale"
    SJEKKLISTE = "sjekkliste"
    FORBEREDELSE = "forberedelse"
    ANNET = "annet"


class Responsible(enum.StrEnum):
    """Who carries an activity out; resolved to a person per plan."""

    ENHETSLEDER = "enhetsleder"
    AVDELINGSLEDER = "avdelingsleder"
    MENTOR = "mentor"
    MENTEE = "mentee"


class ActivityStatus(enum.StrEnum):
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    CONFLICT = "conflict"
    DONE = "done"
    CANCELLED = "cancelled"
    # «Før mentorplan»: due before the kommune took mentorplan into use (Kommune.go_live_on), so
    # done or not outside it. A status of its own rather than a flag beside an open status: every
    # count, list, reminder and the scheduler ask `is_open` or name the open statuses, so an
    # activity in this state is left out of all of them without each having to learn of a flag.
    BEFORE_GO_LIVE = "before_go_live"

    @property
    def is_open(self) -> bool:
        return self in (ActivityStatus.PLANNED, ActivityStatus.SCHEDULED, ActivityStatus.CONFLICT)


class TemplateStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# A mentorship is live from the preparation window before the start date.
PREPARATION_DAYS = timedelta(days=14)


class Mentorship(db.Model):
    """A mentor following a new hire, with the unit's second mentor as back-up."""

    __table_args__ = (
        sa.CheckConstraint("mentor_id <> mentee_id", name="not_own_mentor"),
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    backup_mentor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True)
    employment_id: Mapped[int] = mapped_column(sa.ForeignKey("employment.id"), unique=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]

    mentee: Mapped[Person] = relationship(foreign_keys=[mentee_id])
    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    backup_mentor: Mapped[Person | None] = relationship(foreign_keys=[backup_mentor_id])
    employment: Mapped[Employment] = relationship()
    plan: Mapped["Plan | None"] = relationship(back_populates="mentorship")

    def is_active(self, on: date) -> bool:
        return self.start_date <= on + PREPARATION_DAYS and (self.end_date is None or self.end_date >= on)


class PlanTemplate(db.Model):
    """One version of a plan template: the kommune's default (no unit) or a unit's own."""

    __table_args__ = (sa.UniqueConstraint("kommune_id", "unit_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    version: Mapped[int]
    status: Mapped[TemplateStatus] = mapped_column(enum_column(TemplateStatus))
    based_on_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan_template.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    kommune: Mapped[Kommune] = relationship()
    unit: Mapped[Unit | None] = relationship()
    based_on: Mapped["PlanTemplate | None"] = relationship(remote_side=[id])
    activities: Mapped[list["TemplateActivity"]] = relationship(
        back_populates="template",
        order_by="(TemplateActivity.due_from_day, TemplateActivity.position)",
        cascade="all, delete-orphan",
    )
    talking_points: Mapped[list["TalkingPoint"]] = relationship(
        back_populates="template", order_by="(TalkingPoint.phase, TalkingPoint.position)",
        cascade="all, delete-orphan",
    )

    @property
    def is_draft(self) -> bool:
        return self.status is TemplateStatus.DRAFT


class TemplateActivity(db.Model):
    __table_args__ = (
        sa.CheckConstraint("due_to_day >= due_from_day", name="window_order"),
        sa.CheckConstraint("duration_minutes IS NULL OR duration_minutes > 0", name="positive_duration"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_template.id"), index=True)
    position: Mapped[int]
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    title: Mapped[str] = mapped_column(sa.String(160))
    responsible: Mapped[Responsible] = mapped_column(enum_column(Responsible))
    participants: Mapped[str] = mapped_column(sa.String(120), default="")
    due_from_day: Mapped[int]
    due_to_day: Mapped[int]
    duration_minutes: Mapped[int | None]
    needs_shared_shift: Mapped[bool] = mapped_column(default=False)
    guidance: Mapped[str] = mapped_column(sa.Text, default="")

    template: Mapped[PlanTemplate] = relationship(back_populates="activities")


class TalkingPoint(db.Model):
    """A talking point (stikkord) for the conversations of one phase, kept with the template version.

    A template without its own points for a phase uses the shipped stikkordsliste.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_template.id"), index=True)
    phase: Mapped[str] = mapped_column(sa.String(20))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.String(160))

    template: Mapped[PlanTemplate] = relationship(back_populates="talking_points")


class Plan(db.Model):
    """A mentee's one-year plan, made from one template version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(sa.ForeignKey("mentorship.id"), unique=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("plan_template.id"), index=True)
    start_date: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When a leader or mentor last recorded what was done before go-live (go_live/): the ward's page
    # stops asking for it then. Cleared when a later go-live date puts more activities before it.
    go_live_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentorship: Mapped[Mentorship] = relationship(back_populates="plan")
    template: Mapped[PlanTemplate] = relationship()
    activities: Mapped[list["PlanActivity"]] = relationship(
        back_populates="plan",
        order_by="(PlanActivity.due_from, PlanActivity.position)",
        cascade="all, delete-orphan",
    )


def new_calendar_uid() -> str:
    """An opaque, random event UID (RFC 7986): nothing about the person or the plan can be read from it."""
    return f"{secrets.token_hex(16)}@mentorplan"


class PlanActivity(db.Model):
    __table_args__ = (
        sa.CheckConstraint("due_to >= due_from", name="window_order"),
        sa.CheckConstraint("scheduled_end IS NULL OR scheduled_end > scheduled_start",
                           name="scheduled_order"),
        # A plan's activities in order (every plan page), and the coming weeks' placed activities.
        sa.Index("ix_plan_activity_plan_due", "plan_id", "due_from", "position"),
        sa.Index("ix_plan_activity_status_start", "status", "scheduled_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id"), index=True)
    template_activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("template_activity.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int]
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    title: Mapped[str] = mapped_column(sa.String(160))
    responsible: Mapped[Responsible] = mapped_column(enum_column(Responsible))
    participants: Mapped[str] = mapped_column(sa.String(120), default="")
    due_from: Mapped[date]
    due_to: Mapped[date] = mapped_column(index=True)
    duration_minutes: Mapped[int | None]
    needs_shared_shift: Mapped[bool] = mapped_column(default=False)
    guidance: Mapped[str] = mapped_column(sa.Text, default="")
    # active_history: the calendar hook (models/calendar.py) compares with the old value even when
    # the object had expired, so that only real changes raise the SEQUENCE.
    status: Mapped[ActivityStatus] = mapped_column(
        enum_column(ActivityStatus), default=ActivityStatus.PLANNED, index=True, active_history=True
    )
    # Local wall-clock times in Europe/Oslo; the scheduler sets them.
    scheduled_start: Mapped[datetime | None] = mapped_column(active_history=True)
    scheduled_end: Mapped[datetime | None] = mapped_column(active_history=True)
    # Who the mentee is with (the mentor, the back-up mentor or a leader) once placed.
    partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"), index=True, active_history=True)
    placement_note: Mapped[str | None] = mapped_column(sa.Text)
    conflict_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Concrete ways out of a conflict, each a shift change checked against the rest rules.
    conflict_suggestions: Mapped[list | None] = mapped_column(sa.JSON(none_as_null=True))
    completed_on: Mapped[date | None]
    completed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The activity as calendars know it (models/calendar.py keeps these up to date on every flush):
    # a UID that never changes, a SEQUENCE raised whenever start, end, status or partner changes,
    # when that last happened, and the last times it was placed at (kept when it is unplaced, so
    # that subscribed calendars can be told it is cancelled).
    calendar_uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_calendar_uid)
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    calendar_start: Mapped[datetime | None]
    calendar_end: Mapped[datetime | None]

    plan: Mapped[Plan] = relationship(back_populates="activities")
    completed_by: Mapped[Person | None] = relationship(foreign_keys=[completed_by_id])
    partner: Mapped[Person | None] = relationship(foreign_keys=[partner_id])
