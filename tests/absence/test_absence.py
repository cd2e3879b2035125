"""Leaders register absences; plans are re-planned around them."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import Absence, AbsenceKind, ActivityStatus, Mentorship, Shift, ShiftSource
from mentorplan.scheduling.rules import shift_interval
from mentorplan.scheduling.service import schedule_all

from tests.conftest import csrf_token
from tests.factories import MENTEE_START


@pytest.fixture
def scheduled(app, world):
    """Mentee and mentor on D1 every day of the first five weeks, the plan placed."""
    app.config["FIXED_TODAY"] = date(2026, 9, 1)
    with app.app_context():
        for key in ("mentee", "mentor"):
            for n in range(35):
                day = MENTEE_START + timedelta(days=n)
                interval = shift_interval(day, time(7, 45), time(15, 15), "D1")
                db.session.add(Shift(person_id=world.person_ids[key], day=day, code="D1",
                                     starts=interval.start, ends=interval.end, source=ShiftSource.IMPORT))
        schedule_all()
        db.session.commit()


def first_talk(world):
    plan = db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan
    return next(a for a in plan.activities if a.title == "Første mentorsamtale: bli kjent")


def register(client, world, **overrides):
    data = {"person_id": world.person_ids["mentor"], "kind": "FE", "first_day": "2026-09-07",
            "last_day": "2026-09-13", **overrides}
    return client.post("/avdeling/fravaer/", data={**data, "csrf_token": csrf_token(client, "/avdeling/fravaer/")},
                       follow_redirects=True)


def test_ferie_for_the_mentor_moves_the_conversation(app, world, scheduled, login):
    with app.app_context():
        assert first_talk(world).scheduled_start.date() == MENTEE_START
    page = register(login(world.email("avdelingsleder")), world).get_data(as_text=True)
    assert "Ferie 07.09.2026–13.09.2026 (7 dager) er registrert for Mona Mentor." in page
    assert "Planene er lagt på nytt" in page
    assert "07.09.2026" in page and "13.09.2026" in page  # the span in the list
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Absence)) == 7
        talk = first_talk(world)
        # Week 1 is the window and the mentor is away all of it: a conflict that says so.
        assert talk.status is ActivityStatus.CONFLICT
        assert talk.conflict_reason.startswith("Mentor Mona Mentor har ferie 07.09–13.09")


def test_removing_the_absence_places_it_again(app, world, scheduled, login):
    client = login(world.email("avdelingsleder"))
    register(client, world)
    response = client.post("/avdeling/fravaer/slett", follow_redirects=True, data={
        "person_id": world.person_ids["mentor"], "first": "2026-09-07", "last": "2026-09-13",
        "csrf_token": csrf_token(client, "/avdeling/fravaer/")})
    assert "7 fraværsdager er fjernet for Mona Mentor." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Absence)) == 0
        assert first_talk(world).status is ActivityStatus.SCHEDULED


def test_bad_input_is_named_and_nothing_is_saved(app, world, scheduled, login):
    client = login(world.email("avdelingsleder"))
    page = register(client, world, last_day="2026-09-01").get_data(as_text=True)
    assert "Siste dag kan ikke være før første dag." in page
    page = register(client, world, person_id=world.person_ids["mentee_b"]).get_data(as_text=True)
    assert "Velg en person du er leder for." in page  # unit B is not this leader's
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Absence)) == 0


@pytest.mark.parametrize("key", ["mentee", "mentor", "hr", "admin"])
def test_only_leaders_have_the_page(world, login, key):
    assert login(world.email(key)).get("/avdeling/fravaer/").status_code == 403


def test_another_wards_leader_cannot_remove_it(app, world, login):
    with app.app_context():
        db.session.add(Absence(person_id=world.person_ids["mentee"], day=date(2026, 9, 8), kind=AbsenceKind.KURS))
        db.session.commit()
    client = login(world.email("avdelingsleder_b"))
    client.post("/avdeling/fravaer/slett", data={
        "person_id": world.person_ids["mentee"], "first": "2026-09-08", "last": "2026-09-08",
        "csrf_token": csrf_token(client, "/avdeling/fravaer/")})
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Absence)) == 1


def test_a_write_refused_by_a_unique_constraint_answers_a_page_not_an_error(app, world, login, monkeypatch):
    """A double tap can pass the first one's check before it commits; the second insert then hits the
    unique constraint. Simulated here by an operation that adds the same day twice: the answer is the
    page the form was on, with a message, nothing of the second write kept, never a 500."""
    from mentorplan.absence import views

    def twice(person, kind, first, last):
        db.session.add_all([Absence(person_id=person.id, day=first, kind=AbsenceKind.FERIE),
                            Absence(person_id=person.id, day=first, kind=AbsenceKind.FERIE)])
        db.session.flush()

    monkeypatch.setattr(views, "register_absence", twice)
    client = login(world.email("avdelingsleder"))
    token = csrf_token(client, "/avdeling/fravaer/")
    response = client.post("/avdeling/fravaer/", headers={"Referer": "http://localhost/avdeling/fravaer/"}, data={
        "person_id": world.person_ids["mentor"], "kind": "FE", "first_day": "2026-09-07", "last_day": "2026-09-07",
        "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/avdeling/fravaer/"
    assert "Fraværet er allerede registrert" in client.get("/avdeling/fravaer/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Absence).where(Absence.person_id == world.person_ids["mentor"])).all() == []


def test_another_integrity_error_stays_an_error_page_not_a_repeat(app, world, login, monkeypatch):
    """Only a unique constraint means "sent twice": another refusal (here NOT NULL) is a fault, a 500 page."""
    from mentorplan.absence import views

    def without_a_day(person, kind, first, last):
        db.session.add(Absence(person_id=person.id, day=None, kind=AbsenceKind.FERIE))
        db.session.flush()

    monkeypatch.setattr(views, "register_absence", without_a_day)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = login(world.email("avdelingsleder"))
    response = client.post("/avdeling/fravaer/", data={
        "person_id": world.person_ids["mentor"], "kind": "FE", "first_day": "2026-09-07", "last_day": "2026-09-07",
        "csrf_token": csrf_token(client, "/avdeling/fravaer/")})
    assert response.status_code == 500 and "allerede lagret" not in response.get_data(as_text=True)
