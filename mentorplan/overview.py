"""Loading mentorships with everything their overview pages show, in a fixed number of queries."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .extensions import db
from .models import Employment, Mentorship, Person, Plan


def load_mentorships(*where, active_on=None) -> list[Mentorship]:
    """Mentorships matching the clauses (the query joins Employment), newest start first."""
    query = (
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
        .order_by(Mentorship.start_date.desc(), Person.last_name)
    )
    mentorships = list(db.session.scalars(query).unique())
    if active_on is not None:
        mentorships = [m for m in mentorships if m.is_active(active_on)]
    return mentorships
