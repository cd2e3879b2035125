"""«Min uke» on the start page: each role's next seven days in time order (own shifts, the plan
activities placed with the person, network meetings), and the mentee's next activity named by
when it happens, not by its deadline."""
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from mentorplan.extensions import db
from mentorplan.models import NetworkInvitation, NetworkMeeting, Person
from mentorplan.planning.progress import next_activity
from mentorplan.scheduling.service import schedule_all

from tests.pages import html, section
from tests.factories import MENTEE_START
from tests.scheduling.test_scheduling_service import add_shifts, weekdays


@pytest.fixture
def placed(app, world):
    """Mentee and mentor on D1 every weekday of the first six weeks, the plans placed; today is the start."""
    app.config["FIXED_TODAY"] = MENTEE_START
    with app.app_context():
        for key in ("mentee", "mentor"):
            add_shifts(world.person_ids[key], weekdays(MENTEE_START, 6))
        db.session.commit()
        schedule_all()
        db.session.commit()
    return world


def week_of(client) -> str:
    return section(html(client, "/"), 'id="min-uke"', "</section>")


def test_the_mentee_sees_her_shifts_and_activities_in_time_order(placed, login):
    week = week_of(login(placed.email("mentee")))
    today = section(week, "I dag, mandag 07.09.2026", "</li>\n    \n")
    assert today.index("07:45–15:15") < today.index("08:45–09:45") < today.index("09:45")
    assert "Vakt D1" in today and "Velkomst og oppstartssamtale" in today
    assert "Første mentorsamtale: bli kjent" in today
    assert "søndag 13.09.2026" not in week and "mandag 14.09.2026" not in week  # seven days, no more


def test_the_mentor_sees_whom_each_activity_is_with(placed, login):
    week = week_of(login(placed.email("mentor")))
    assert "Opplæringsvakt" in week and "med Nina Nytilsatt" in week and "Vakt D1" in week


def test_the_leader_sees_the_conversations_placed_with_them(placed, login):
    week = week_of(login(placed.email("avdelingsleder")))
    assert "Velkomst og oppstartssamtale" in week and "med Nina Nytilsatt" in week
    assert "Opplæringsvakt" not in week  # placed with the mentor, not with the leader


def test_someone_with_nothing_this_week_is_told_so(placed, login):
    assert "Ingen vakter eller avtaler de neste sju dagene." in week_of(login(placed.email("hr")))


def test_a_network_meeting_the_person_is_invited_to_is_in_the_week(app, placed, login):
    with app.app_context():
        mentor = db.session.get(Person, placed.person_ids["mentor"])
        meeting = NetworkMeeting(kommune_id=placed.kommune_id, name="Mentornettverk høst", location="Lade",
                                 starts=datetime(2026, 9, 10, 13), ends=datetime(2026, 9, 10, 15))
        db.session.add_all([meeting, NetworkInvitation(meeting=meeting, person=mentor, unit_id=placed.unit_ids["a"])])
        db.session.commit()
    week = week_of(login(placed.email("mentor")))
    assert "torsdag 10.09.2026" in week and "13:00–15:00" in week and "Mentornettverk høst" in week


def test_the_next_activity_is_the_next_in_time(app, placed, login):
    """At noon on the first day the welcome (08:45, due today) is behind her; by deadline it
    was still named next."""
    card = " ".join(section(html(login(placed.email("mentee")), "/"), 'href="/min-plan">Min plan</a></h2>', "</article>").split())
    assert "Neste: Opplæringsvakt 2, tirsdag 08.09.2026 kl. 07:45" in card and "Velkomst" not in card


def activity(title, due_from, due_to, start=None, status="scheduled"):
    return SimpleNamespace(title=title, due_from=due_from, due_to=due_to, scheduled_start=start,
                           status=status if start or status != "scheduled" else "planned")


def test_next_activity_orders_by_when_not_by_deadline():
    now = datetime(2026, 9, 7, 9, 0)
    later_deadline = activity("Placed tomorrow", date(2026, 9, 7), date(2026, 10, 4), datetime(2026, 9, 8, 8))
    sooner_deadline = activity("Not placed, window from Friday", date(2026, 9, 11), date(2026, 9, 13))
    assert next_activity([sooner_deadline, later_deadline], now).title == "Placed tomorrow"


def test_next_activity_skips_what_is_past_done_or_overdue():
    now = datetime(2026, 9, 7, 9, 0)
    gone = activity("Placed this morning", date(2026, 9, 7), date(2026, 9, 7), datetime(2026, 9, 7, 8))
    done = activity("Done", date(2026, 9, 7), date(2026, 9, 20), status="done")
    overdue = activity("Overdue", date(2026, 8, 1), date(2026, 9, 6), status="conflict")
    open_now = activity("Window open now", date(2026, 9, 1), date(2026, 9, 30))
    assert next_activity([gone, done, overdue, open_now], now).title == "Window open now"
    assert next_activity([gone, done, overdue], now) is None
