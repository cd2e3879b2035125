"""A person whose last employment ends loses the login that day (issue 23): at once when HR
registers an end of today or earlier, from the scheduler's nightly job when a later end comes; a
running plan ends with the employment, kept as history (people/leaving.py)."""
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest

from mentorplan import jobs
from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Employment, Mentorship
from tests import factories
from tests.conftest import csrf_token, post_form

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def today(set_today):
    return set_today(TODAY)


def can_log_in(app, email) -> bool:
    client = app.test_client()
    response = client.post("/logg-inn", data={"email": email, "password": factories.PASSWORD,
                                              "csrf_token": csrf_token(client, "/logg-inn")})
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/"


def logged_out(client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/logg-inn"


def plan_state(app, world):
    """(the end date, how many activities are cancelled, how many there are) of Nina's mentorship."""
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        statuses = [a.status for a in mentorship.plan.activities]
        return mentorship.end_date, statuses.count(ActivityStatus.CANCELLED), len(statuses)


def test_hr_ending_an_employment_today_ends_the_login_at_once(app, world, login):
    mentee = login(world.email("mentee"))
    with app.app_context():
        employment = db.session.get(Mentorship, world.mentorship_ids["mentee"]).employment_id

    response = post_form(login(world.email("hr")), f"/personer/arbeidsforhold/{employment}/avslutt",
                         {"end_date": "20.11.2026", "end_reason": "frivillig"})

    assert response.status_code == 302
    assert logged_out(mentee) and not can_log_in(app, world.email("mentee"))
    assert plan_state(app, world)[0] == TODAY


def test_an_end_later_keeps_the_login_until_the_nightly_job_on_that_day(app, world, login, set_today):
    mentee = login(world.email("mentee"))
    with app.app_context():
        employment = db.session.get(Mentorship, world.mentorship_ids["mentee"]).employment_id
    hr = login(world.email("hr"))
    response = post_form(hr, f"/personer/arbeidsforhold/{employment}/avslutt",
                         {"end_date": "23.11.2026", "end_reason": "frivillig"})
    assert "Personen har sluttet" not in hr.get(response.headers["Location"]).get_data(as_text=True)

    with app.app_context():  # 23:59 in Oslo the day before
        assert jobs.end_leavers(datetime(2026, 11, 22, 22, 59, tzinfo=UTC)).startswith("0 kontoer deaktivert")
    assert not logged_out(mentee) and can_log_in(app, world.email("mentee"))

    set_today(date(2026, 11, 23))
    with app.app_context():  # 00:05 in Oslo on the last day
        assert jobs.end_leavers(datetime(2026, 11, 22, 23, 5, tzinfo=UTC)).startswith("1 kontoer deaktivert")
    assert logged_out(mentee) and not can_log_in(app, world.email("mentee"))
    with app.app_context():  # run again: nothing more to do
        assert jobs.end_leavers(datetime(2026, 11, 23, 23, 5, tzinfo=UTC)).startswith("0 kontoer deaktivert og 0")


def test_the_nightly_job_ends_a_plan_left_running_past_its_employment(app, world):
    """An end registered before this rule (or written straight to the database) is caught up."""
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        mentorship.employment.end_date, mentorship.employment.end_reason = date(2026, 10, 30), "frivillig"
        db.session.commit()

        assert jobs.end_leavers(datetime(2026, 11, 20, 0, 5, tzinfo=UTC)) == (
            "1 kontoer deaktivert og 1 mentorforløp avsluttet fordi arbeidsforholdet er slutt")

    assert plan_state(app, world)[0] == date(2026, 10, 30)
    assert not can_log_in(app, world.email("mentee"))
    assert can_log_in(app, world.email("mentee2"))  # still employed


def test_someone_with_no_employment_is_no_leaver(app, world):
    """An operator's admin made with create-admin has no employment, and keeps the login."""
    with app.app_context():
        db.session.execute(Employment.__table__.delete().where(Employment.person_id == world.person_ids["admin"]))
        db.session.commit()
        jobs.end_leavers(datetime(2026, 11, 20, 0, 5, tzinfo=UTC))
    assert can_log_in(app, world.email("admin"))
