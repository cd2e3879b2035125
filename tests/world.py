"""The world of factories.build_world as the page tests use it.

The world's mentees start on Monday 07.09.2026 (ISO week 37); tests pin "today" with FIXED_TODAY
(the `set_today` fixture).
"""
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Person, Plan, PlanActivity
from tests.conftest import csrf_token

START = date(2026, 9, 7)
OTHER_MENTEES = ("Nils Nytilsatt", "Nora Nytilsatt", "Noah Nytilsatt")


def activity_id(app, mentorship_id: int, title: str) -> int:
    with app.app_context():
        return db.session.scalar(select(PlanActivity.id).join(PlanActivity.plan).where(
            Plan.mentorship_id == mentorship_id, PlanActivity.title == title))


def mark_done(client, activity: int, on: date):
    response = client.post(f"/aktivitet/{activity}/utfort",
                           data={"completed_on": on.isoformat(), "csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302
    return response


def employee_number(app, person_id: int) -> str:
    with app.app_context():
        return db.session.get(Person, person_id).employee_number
