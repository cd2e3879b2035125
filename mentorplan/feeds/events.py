"""What goes into each calendar feed, read from the database as plain rows.

An event is built from an explicit list of columns (`_ACTIVITY_COLUMNS`): title, the guidance on
what to prepare, times, status, the unit and the people's names. Nothing else an activity or a
plan carries — placement notes, conflict reasons, conversation notes, checklist answers — is
ever read here, so it cannot reach a calendar. Titles name the other participant; absences and
their kinds never appear.
"""
import hashlib
import hmac
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select, union

from mentorplan.extensions import db
from mentorplan.feeds.ical import Feed, FeedEvent
from mentorplan.feeds.network import network_events
from mentorplan.models import (
    Absence,
    ActivityStatus,
    CancelledEvent,
    Employment,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Shift,
    Unit,
    Ward,
)
from mentorplan.models.calendar import CANCELLED_KEPT

# How far back a subscribed feed reaches (a plan download has the whole plan).
FEED_PAST = timedelta(days=90)
SHIFTS_AHEAD = timedelta(days=400)
LIVE = (ActivityStatus.SCHEDULED, ActivityStatus.DONE)

_ACTIVITY_COLUMNS = (
    PlanActivity.calendar_uid, PlanActivity.sequence, PlanActivity.changed_at, PlanActivity.status,
    PlanActivity.scheduled_start, PlanActivity.calendar_start, PlanActivity.calendar_end,
    PlanActivity.title, PlanActivity.guidance, PlanActivity.participants, PlanActivity.partner_id,
    Mentorship.mentee_id, Mentorship.mentor_id, Unit.name.label("unit"), Ward.name.label("ward"),
)


def person_feed(person: Person, today: date, now: datetime | None = None) -> Feed:
    """The person's own opplæringsvakter, conversations and reviews: as mentee, as the one the
    mentee is placed with (mentor, back-up mentor, leader), or as the mentor taking part."""
    # A union of three index lookups (plan_id, partner_id): with an OR, PostgreSQL scans every activity.
    as_mentee = select(Plan.id).join(Mentorship).where(Mentorship.mentee_id == person.id)
    as_mentor = select(Plan.id).join(Mentorship).where(Mentorship.mentor_id == person.id)
    theirs = union(
        select(PlanActivity.id).where(PlanActivity.plan_id.in_(as_mentee)),
        select(PlanActivity.id).where(PlanActivity.partner_id == person.id),
        select(PlanActivity.id).where(PlanActivity.plan_id.in_(as_mentor),
                                      PlanActivity.participants.contains("mentor")),
    )
    scope = PlanActivity.id.in_(theirs)
    gone = or_(CancelledEvent.mentee_id == person.id, CancelledEvent.partner_id == person.id,
               CancelledEvent.mentor_id == person.id)
    since = datetime.combine(today - FEED_PAST, time())
    feed = _feed(f"Mentorplan – {person.full_name}", scope, gone, since, now, viewer_id=person.id)
    events = feed.events + network_events(person.id, since)  # the mentor's network meetings
    return Feed(feed.name, tuple(sorted(events, key=lambda e: (e.start, e.uid))))


def ward_feed(ward: Ward, today: date, now: datetime | None = None) -> Feed:
    """Every planned activity of the avdeling's new hires, for its leaders."""
    since = datetime.combine(today - FEED_PAST, time())
    return _feed(f"Mentorplan – {ward.unit.name}, {ward.name}", Employment.ward_id == ward.id,
                 CancelledEvent.ward_id == ward.id, since, now)


def plan_feed(mentorship: Mentorship, now: datetime | None = None) -> Feed:
    """One mentee's whole plan, as a file to download."""
    return _feed(f"Mentorplan – plan for {mentorship.mentee.full_name}", Plan.mentorship_id == mentorship.id,
                 None, None, now)


def _feed(name: str, scope, gone, since: datetime | None, now: datetime | None, viewer_id: int | None = None) -> Feed:
    now = now or datetime.now(UTC)
    kept_since = now - CANCELLED_KEPT
    query = (select(*_ACTIVITY_COLUMNS).select_from(PlanActivity)
             .join(Plan, PlanActivity.plan_id == Plan.id).join(Mentorship, Plan.mentorship_id == Mentorship.id)
             .join(Employment, Mentorship.employment_id == Employment.id).join(Unit, Employment.unit_id == Unit.id)
             .outerjoin(Ward, Employment.ward_id == Ward.id)
             .where(scope, PlanActivity.calendar_start.is_not(None)))
    if since is not None:
        query = query.where(PlanActivity.calendar_start >= since)
    rows = [r for r in db.session.execute(query) if _is_live(r) or r.changed_at >= kept_since]
    names = _names({p for r in rows for p in (r.mentee_id, r.partner_id, _taking_part(r)) if p})
    events = [_activity_event(r, names, viewer_id) for r in rows]
    if gone is not None:
        events += _cancelled(gone, kept_since, since, {e.uid for e in events})
    return Feed(name, tuple(sorted(events, key=lambda e: (e.start, e.uid))))


def _is_live(row) -> bool:
    return row.scheduled_start is not None and row.status in LIVE


def _taking_part(row) -> int | None:
    """The mentor, when the activity names the mentor as a participant besides whoever it is with."""
    return row.mentor_id if "mentor" in (row.participants or "").split(",") else None


def _names(ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(Person.id, Person.first_name + " " + Person.last_name)
                                   .where(Person.id.in_(ids))).all())


def _activity_event(row, names: dict[int, str], viewer_id: int | None) -> FeedEvent:
    people = [p for p in dict.fromkeys((row.mentee_id, row.partner_id, _taking_part(row))) if p and p != viewer_id]
    others = " og ".join(names[p] for p in people)
    return FeedEvent(
        uid=row.calendar_uid, sequence=row.sequence, start=row.calendar_start, end=row.calendar_end,
        summary=f"{row.title} med {others}" if others else row.title,
        description=row.guidance or "", location=f"{row.unit}, {row.ward}" if row.ward else row.unit,
        cancelled=not _is_live(row), stamp=row.changed_at,
    )


def _cancelled(gone, kept_since: datetime, since: datetime | None, live: set[str]) -> list[FeedEvent]:
    """Deleted activities, and those now placed with someone else, still in calendars for a while."""
    query = select(CancelledEvent).where(gone, CancelledEvent.cancelled_at >= kept_since)
    if since is not None:
        query = query.where(CancelledEvent.starts >= since)
    latest: dict[str, CancelledEvent] = {}
    for row in db.session.scalars(query.order_by(CancelledEvent.id)):
        if row.uid not in live:
            latest[row.uid] = row
    return [FeedEvent(uid=r.uid, sequence=r.sequence, start=r.starts, end=r.ends, summary=r.title, description="",
                      location="", cancelled=True, stamp=r.cancelled_at) for r in latest.values()]


# --- The person's own shifts ------------------------------------------------------------------

def shifts_feed(person: Person, today: date, secret: str) -> Feed:
    """The person's working shifts; a day with an absence shows nothing (and never says why)."""
    first, last = today - FEED_PAST, today + SHIFTS_AHEAD
    absent = select(Absence.day).where(Absence.person_id == person.id, Absence.day.between(first, last))
    rows = db.session.execute(
        select(Shift.day, Shift.code, Shift.starts, Shift.ends, Shift.created_at)
        .where(Shift.person_id == person.id, Shift.day.between(first, last), Shift.day.not_in(absent))
        .order_by(Shift.starts))
    employment = person.current_employment(today)
    location = employment.unit.name if employment is not None else ""
    events = tuple(FeedEvent(uid=_shift_uid(secret, person.id, r.starts, r.ends), sequence=0, start=r.starts,
                             end=r.ends, summary=f"Vakt {r.code}", description="", location=location,
                             cancelled=False, stamp=r.created_at) for r in rows)
    return Feed(f"Mentorplan – vakter for {person.full_name}", events)


def _shift_uid(secret: str, person_id: int, starts: datetime, ends: datetime) -> str:
    """Shifts are replaced on every import, so their UID is a keyed hash of who and when: the same
    shift keeps its UID, and nothing can be read from it."""
    message = f"shift:{person_id}:{starts.isoformat()}:{ends.isoformat()}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32] + "@mentorplan"
