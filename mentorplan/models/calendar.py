"""Calendar feeds: secret feed tokens, and what subscribed calendars must be told was cancelled.

Calendars only update an event they already have when its SEQUENCE rises, and only remove one
when the feed says STATUS:CANCELLED. So every change of an activity's start, end, status or
partner is caught here, on the way to the database, wherever in the code it was made (the
scheduler, marking done, a template applied, the demo): the SEQUENCE is raised, and an activity
that leaves someone's calendar altogether (deleted, or placed with someone else) leaves a
`CancelledEvent` behind for a while.
"""
import enum
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.accounts import User
from mentorplan.models.organisation import Ward
from mentorplan.models.people import Employment
from mentorplan.models.plans import Mentorship, Plan, PlanActivity
from mentorplan.models.types import UTCDateTime, enum_column, utcnow


class FeedKind(enum.StrEnum):
    ACTIVITIES = "activities"  # the person's own opplæringsvakter, conversations and reviews
    SHIFTS = "shifts"          # the person's own shifts
    WARD = "ward"              # every planned activity of an avdeling, for its leaders


class CalendarToken(db.Model):
    """A secret feed URL. Only the SHA-256 of the token is stored; a new token replaces the old."""

    __table_args__ = (sa.CheckConstraint("(kind = 'ward') = (ward_id IS NOT NULL)", name="ward_feed_has_ward"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FeedKind] = mapped_column(enum_column(FeedKind))
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
    ward: Mapped[Ward | None] = relationship()


class CancelledEvent(db.Model):
    """An event some calendars still show but that is gone for them: a deleted activity (for its
    mentee, partner and avdeling) or one now placed with someone else (for the former partner)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(64), index=True)
    sequence: Mapped[int]
    starts: Mapped[datetime]
    ends: Mapped[datetime]
    title: Mapped[str] = mapped_column(sa.String(160))
    mentee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id", ondelete="CASCADE"), index=True)
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id", ondelete="CASCADE"), index=True)
    cancelled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


# --- Keeping SEQUENCE and cancellations right, whoever changes an activity ------------------

TRACKED = ("status", "scheduled_start", "scheduled_end", "partner_id")


def _history(target: PlanActivity, name: str):
    return inspect(target).attrs[name].history


@event.listens_for(PlanActivity, "before_insert")
def _placed_on_insert(mapper, connection, target: PlanActivity) -> None:
    if target.scheduled_start is not None:
        target.calendar_start, target.calendar_end = target.scheduled_start, target.scheduled_end


@event.listens_for(PlanActivity, "before_update")
def _raise_sequence(mapper, connection, target: PlanActivity) -> None:
    if not any(_history(target, name).has_changes() for name in TRACKED):
        return
    target.sequence = (target.sequence or 0) + 1
    target.changed_at = utcnow()
    partner = _history(target, "partner_id")
    former_partner = partner.deleted[0] if partner.has_changes() and partner.deleted else None
    if former_partner is not None and target.calendar_start is not None:
        _insert_cancelled(connection, target, partner_id=former_partner)
    if target.scheduled_start is not None:
        target.calendar_start, target.calendar_end = target.scheduled_start, target.scheduled_end


def placement_written_in_bulk(connection, activity: PlanActivity, values: dict) -> dict:
    """The same bookkeeping for a writer that updates placements in bulk, past the events above
    (the scheduler, scheduling/service.py): the columns to add to `values`, and a cancellation
    for a former partner written now. `activity` still holds what is stored."""
    if not any(name in values and getattr(activity, name) != values[name] for name in TRACKED):
        return {}
    sequence = (activity.sequence or 0) + 1
    extra = {"sequence": sequence, "changed_at": utcnow()}
    former_partner = activity.partner_id
    if former_partner is not None and values.get("partner_id", former_partner) != former_partner \
            and activity.calendar_start is not None:
        _insert_cancelled(connection, activity, sequence=sequence, partner_id=former_partner)
    start = values.get("scheduled_start", activity.scheduled_start)
    if start is not None:
        extra["calendar_start"] = start
        extra["calendar_end"] = values.get("scheduled_end", activity.scheduled_end)
    return extra


@event.listens_for(PlanActivity, "before_delete")
def _cancel_deleted(mapper, connection, target: PlanActivity) -> None:
    if target.calendar_start is None:
        return
    row = connection.execute(
        select(Mentorship.mentee_id, Mentorship.mentor_id, Employment.ward_id)
        .select_from(Plan).join(Mentorship, Plan.mentorship_id == Mentorship.id)
        .join(Employment, Mentorship.employment_id == Employment.id).where(Plan.id == target.plan_id)
    ).first()
    if row is None:
        return
    _insert_cancelled(connection, target, mentee_id=row.mentee_id, partner_id=target.partner_id,
                      mentor_id=row.mentor_id if "mentor" in (target.participants or "") else None,
                      ward_id=row.ward_id, sequence=(target.sequence or 0) + 1)


# How long calendars are told about a cancellation; feeds/events.py shows them for as long.
CANCELLED_KEPT = timedelta(days=30)


def _insert_cancelled(connection, target: PlanActivity, *, sequence: int | None = None, **audience) -> None:
    """Leave a cancellation behind, and clear those no calendar needs any longer."""
    table = CancelledEvent.__table__
    connection.execute(sa.delete(table).where(table.c.cancelled_at < utcnow() - CANCELLED_KEPT))
    connection.execute(sa.insert(table).values(
        uid=target.calendar_uid, sequence=sequence if sequence is not None else target.sequence,
        starts=target.calendar_start, ends=target.calendar_end, title=target.title,
        cancelled_at=utcnow(), **audience,
    ))
