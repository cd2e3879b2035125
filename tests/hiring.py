"""Registering a new hire through the leader's page (/avdeling/nyansatt), as the tests do it."""
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Mentorship, Person
from tests.conftest import post_form

NEW_HIRE_START = date(2026, 10, 5)


def hire_data(world, **overrides) -> dict:
    data = {
        "first_name": "Kari", "last_name": "Nordmann", "employee_number": "90001",
        "email": "Kari.Nordmann@Test.no", "profession": "sykepleier", "ward_id": str(world.ward_ids["1"]),
        "start_date": "05.10.2026", "position_percent": "80", "newly_graduated": "y",
        "mentor_id": str(world.person_ids["mentor"]),
    }
    return {**data, **overrides}


def register(client, world, **overrides):
    return post_form(client, "/avdeling/nyansatt", hire_data(world, **overrides))


def new_hire(app) -> Mentorship:
    """The mentorship of the hire registered with ansattnummer 90001, detached with what the tests read."""
    with app.app_context():
        mentorship = db.session.scalar(
            select(Mentorship).join(Mentorship.mentee).where(Person.employee_number == "90001"))
        _ = mentorship.mentee, mentorship.employment, mentorship.plan.activities
        db.session.expunge_all()
        return mentorship
