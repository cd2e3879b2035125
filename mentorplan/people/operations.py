"""HR's changes to employment records. Flushes; the caller commits."""
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    Employment,
    EndReason,
    Mentorship,
    PositionChange,
)
from mentorplan.plans.operations import MAX_MENTORSHIP


def end_employment(employment: Employment, end: date, reason: EndReason) -> None:
    """Record the last day and why; a mentorship for the employment ends with it, and what the
    plan still had open after that day is cancelled (done and logged activities stay)."""
    employment.end_date, employment.end_reason = end, reason
    mentorship = db.session.scalar(select(Mentorship).where(Mentorship.employment_id == employment.id))
    if mentorship is not None and (mentorship.end_date is None or mentorship.end_date > end):
        mentorship.end_date = max(mentorship.start_date, min(end, mentorship.start_date + MAX_MENTORSHIP))
        for activity in mentorship.plan.activities if mentorship.plan else ():
            if activity.status.is_open and activity.due_from > end:
                activity.status = ActivityStatus.CANCELLED
    db.session.flush()


def change_position(employment: Employment, from_date: date, percent: int) -> None:
    """From `from_date` on the employment is `percent` %; a change already on that day is replaced."""
    existing = next((c for c in employment.position_changes if c.from_date == from_date), None)
    if existing is None:
        employment.position_changes.append(PositionChange(from_date=from_date, position_percent=percent))
    else:
        existing.position_percent = percent
    db.session.flush()
