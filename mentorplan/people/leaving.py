"""People who have left: no login and no plan after the last day.

The end date of an employment is its last day. A person *has left* on a day when every one of
their employments has ended by that day (the end date is that day or earlier); a person with no
employment at all (an operator's admin account) has not. From that day the person's account is
deactivated as the admin's «Deactivate» does it (every session, link and calendar feed ends), and
a mentorship ends with the employment it belongs to (kept as history, its open activities after
the last day cancelled). The staff file, HR's «Avslutt arbeidsforhold» and the scheduler's daily
job all come here, so a leaver loses access the same way whichever of them notices first.
Flushes; the caller commits.
"""
from collections.abc import Iterable
from datetime import date

from sqlalchemy import exists, or_, select

from mentorplan.auth.links import end_secrets
from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Employment, Mentorship, Person, User
from mentorplan.plans.operations import MAX_MENTORSHIP


def still_employed(on: date):
    """People with an employment that goes on after the day (or has no end yet, or starts later)."""
    return exists().where(Employment.person_id == Person.id,
                          or_(Employment.end_date.is_(None), Employment.end_date > on))


def has_left(on: date):
    """People who had an employment and whose every employment has ended by the day."""
    return exists().where(Employment.person_id == Person.id) & ~still_employed(on)


def end_mentorship_with(employment: Employment) -> bool:
    """The employment's mentorship ends on its last day, if it ran longer; the plan's open
    activities due after that day are cancelled (done and logged ones stay). Whether it ended."""
    end = employment.end_date
    if end is None:  # most rows of a staff file: no query for them
        return False
    mentorship = db.session.scalar(select(Mentorship).where(Mentorship.employment_id == employment.id))
    if mentorship is None or (mentorship.end_date is not None and mentorship.end_date <= end):
        return False
    mentorship.end_date = max(mentorship.start_date, min(end, mentorship.start_date + MAX_MENTORSHIP))
    for activity in mentorship.plan.activities if mentorship.plan else ():
        if activity.status.is_open and activity.due_from > end:
            activity.status = ActivityStatus.CANCELLED
    return True


def end_access(on: date, person_ids: Iterable[int] | None = None) -> list[User]:
    """Deactivate the active accounts of the people (all, when None) who have left by the day;
    the accounts deactivated."""
    query = (select(User).join(Person, Person.id == User.person_id)
             .where(User.is_enabled.is_(True), has_left(on)).order_by(User.id))
    if person_ids is not None:
        query = query.where(Person.id.in_(set(person_ids)))
    users = list(db.session.scalars(query))
    for user in users:
        # As the admin's deactivation (accounts/operations.py): setting it ends every session.
        user.is_enabled = False
        end_secrets(user)
    db.session.flush()
    return users


def end_what_has_ended(on: date) -> tuple[list[User], int]:
    """The daily job's work: the accounts of everyone who has left by the day, and the mentorships
    still running past the end of their employment (an end registered before this rule). The
    accounts deactivated and the number of mentorships ended."""
    running = list(db.session.scalars(
        select(Employment).join(Mentorship, Mentorship.employment_id == Employment.id)
        .where(Employment.end_date.is_not(None), Employment.end_date <= on,
               or_(Mentorship.end_date.is_(None), Mentorship.end_date > Employment.end_date))))
    ended = sum(end_mentorship_with(employment) for employment in running)
    return end_access(on), ended
