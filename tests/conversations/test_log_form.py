"""The form for logging a planned conversation comes filled in with what the plan knows (the day
it was placed on, its length), and shows the mentor the mentee's preparation (a logged read)."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, PlanActivity
from tests.conftest import post_form

TODAY = date(2026, 9, 20)
TITLE = "Mentorsamtale uke 2"


@pytest.fixture
def talk(app, world):
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        activity = db.session.scalar(select(PlanActivity).where(
            PlanActivity.title == TITLE, PlanActivity.plan.has(mentorship_id=world.mentorship_ids["mentee"])))
        return activity.id


def place(app, activity_id, start: datetime | None):
    with app.app_context():
        activity = db.session.get(PlanActivity, activity_id)
        activity.scheduled_start = start
        db.session.commit()
        return activity.duration_minutes


def field_value(page: str, name: str) -> str:
    """The value the form's input with this id is filled in with."""
    tag = page.split(f'id="{name}"')[0].rsplit("<input", 1)[1] + page.split(f'id="{name}"')[1].split(">", 1)[0]
    return tag.split('value="')[1].split('"')[0]


def date_value(page: str) -> str:
    return field_value(page, "held_on")


def test_the_form_has_the_day_it_was_placed_on_and_its_length(app, world, login, talk):
    minutes = place(app, talk, datetime(2026, 9, 15, 13, 0))
    page = login(world.email("mentor")).get(f"/aktivitet/{talk}/samtale").get_data(as_text=True)
    assert date_value(page) in ("15.09.2026", "2026-09-15")
    assert field_value(page, "duration_minutes") == str(minutes)


def test_a_conversation_placed_later_than_today_is_dated_today(app, world, login, talk):
    place(app, talk, datetime(2026, 9, 25, 13, 0))
    page = login(world.email("mentor")).get(f"/aktivitet/{talk}/samtale").get_data(as_text=True)
    assert date_value(page) in ("20.09.2026", "2026-09-20")


def test_the_mentor_sees_the_mentees_preparation_and_the_read_is_logged(app, world, login, talk):
    mentee = login(world.email("mentee"))
    post_form(mentee, f"/aktivitet/{talk}/forberedelse", {"preparation": "Jeg vil snakke om nattevaktene."})
    page = login(world.email("mentor")).get(f"/aktivitet/{talk}/samtale").get_data(as_text=True)
    assert "Ninas forberedelse" in page and "Jeg vil snakke om nattevaktene." in page
    with app.app_context():
        assert db.session.scalar(select(AccessLogEntry).where(
            AccessLogEntry.actor_id == world.person_ids["mentor"], AccessLogEntry.kind == AccessKind.CONVERSATION,
            AccessLogEntry.action == AccessAction.READ)) is not None


def test_without_a_preparation_nothing_is_shown(app, world, login, talk):
    page = login(world.email("mentor")).get(f"/aktivitet/{talk}/samtale").get_data(as_text=True)
    assert "forberedelse" not in page.lower().split("<main")[1].split("<form")[0]
