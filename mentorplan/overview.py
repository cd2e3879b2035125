"""Loading mentorships with everything their overview pages show, in a fixed number of queries."""
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import ActivityStatus, Employment, Mentorship, Person, Plan, PlanActivity
from .models.plans import PREPARATION_DAYS
from .paging import paginate, person_matches

OPEN = [s for s in ActivityStatus if s.is_open]


def load_mentorships(*where, active_on=None) -> list[Mentorship]:
    """Mentorships matching the clauses (the query joins Employment), newest start first."""
    mentorships = list(db.session.scalars(_mentorships(*where)).unique())
    if active_on is not None:
        mentorships = [m for m in mentorships if m.is_active(active_on)]
    return mentorships


def running_on(day: date):
    """Mentorships running on the day (Mentorship.is_active as a clause)."""
    return (Mentorship.start_date <= day + PREPARATION_DAYS) & or_(Mentorship.end_date.is_(None),
                                                                  Mentorship.end_date >= day)


def mentorships_page(*where, active_on: date, search: str = "") -> Pagination:
    """One page (?side=) of the mentorships running on the day, searchable by the mentee's name."""
    return paginate(_mentorships(*where, running_on(active_on), *([person_matches(search)] if search else [])))


def open_activities(*where) -> list[PlanActivity]:
    """Activities of mentorships matching the clauses (the query joins Employment), with their
    plan, mentorship, mentee and employment, by deadline."""
    return list(db.session.scalars(
        select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.employment)
        .where(PlanActivity.status.in_(OPEN), *where)
        .options(joinedload(PlanActivity.plan).joinedload(Plan.mentorship).options(
            joinedload(Mentorship.mentee), joinedload(Mentorship.employment)))
        .order_by(PlanActivity.due_to, PlanActivity.due_from, PlanActivity.id)))


def _mentorships(*where):
    return (
        select(Mentorship)
        .join(Mentorship.employment)
        .join(Mentorship.mentee)
        .where(*where)
        .options(
            joinedload(Mentorship.mentee),
            joinedload(Mentorship.mentor),
            joinedload(Mentorship.backup_mentor),
            joinedload(Mentorship.employment).joinedload(Employment.unit),
            joinedload(Mentorship.employment).joinedload(Employment.ward),
            selectinload(Mentorship.plan).selectinload(Plan.activities),
        )
        .order_by(Mentorship.start_date.desc(), Person.last_name, Mentorship.id)
    )
