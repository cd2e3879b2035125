"""Mentor network meetings: a recurrence, invitations, who is on shift, attendance and its rates."""
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import NetworkMeeting, Shift, Unit
from mentorplan.network.operations import Recurrence, on_shift, plan_meetings, rates, register_attendance
from mentorplan.planning.recurrence import every_months
from mentorplan.plans.operations import ProgrammeError

from tests.conftest import csrf_token, post_form

TODAY = date(2026, 9, 20)
EAST = Recurrence("Mentornettverk Øst", date(2026, 10, 1), time(12), time(14), 2, 3, "Lade, møterom 2")


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


def test_every_other_month_counts_from_the_first_date():
    assert every_months(date(2026, 1, 31), 1, 3) == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert every_months(date(2026, 10, 1), 2, 3) == [date(2026, 10, 1), date(2026, 12, 1), date(2027, 2, 1)]


def test_rates_count_only_meetings_with_attendance_registered():
    result = {r.label: r for r in rates([("A", True), ("A", False), ("A", None), ("B", None)])}
    assert (result["A"].attended, result["A"].registered, result["A"].share) == (1, 2, 0.5)
    assert result["B"].share is None


def _plan(app, world, keys=("a", "b"), recurrence=EAST):
    with app.app_context():
        units = [db.session.get(Unit, world.unit_ids[k]) for k in keys]
        ids = [m.id for m in plan_meetings(units, recurrence, TODAY)]
        db.session.commit()
        return ids


def test_meetings_invite_the_units_mentors(app, world, today):
    ids = _plan(app, world)
    with app.app_context():
        meetings = [db.session.get(NetworkMeeting, i) for i in ids]
        assert [m.starts for m in meetings] == [datetime(2026, 10, 1, 12), datetime(2026, 12, 1, 12),
                                                datetime(2027, 2, 1, 12)]
        assert {i.person.first_name for i in meetings[0].invitations} == {"Mona", "Morten", "Mari"}


@pytest.mark.parametrize(("change", "message"), [
    ({"ends": time(11)}, "slutte etter at det begynner"),
    ({"first": date(2026, 9, 1)}, "før i dag"),
    ({"count": 30}, "mellom 1 og 24"),
])
def test_bad_recurrences_are_refused(app, world, today, change, message):
    with pytest.raises(ProgrammeError, match=message):
        _plan(app, world, recurrence=Recurrence(**{**EAST.__dict__, **change}))


def test_units_of_two_kommuner_are_refused(app, world, today):
    with pytest.raises(ProgrammeError, match="én kommune"):
        _plan(app, world, keys=("a", "other"))


def test_the_meeting_page_shows_who_is_on_shift(app, world, login, today):
    meeting_id = _plan(app, world)[0]
    with app.app_context():
        db.session.add(Shift(person_id=world.person_ids["mentor"], day=date(2026, 10, 1), code="D1",
                             starts=datetime(2026, 10, 1, 7, 45), ends=datetime(2026, 10, 1, 15, 15)))
        db.session.add(Shift(person_id=world.person_ids["mentor2"], day=date(2026, 10, 1), code="K1",
                             starts=datetime(2026, 10, 1, 15), ends=datetime(2026, 10, 1, 23)))
        db.session.commit()
        assert set(on_shift(db.session.get(NetworkMeeting, meeting_id))) == {world.person_ids["mentor"]}
    page = login(world.email("hr")).get(f"/nettverk/{meeting_id}").get_data(as_text=True)
    assert "1 av 3 inviterte mentorer er på vakt da møtet holdes." in page
    assert "På vakt D1 07:45–15:15" in page and "Oppmøtet registreres fra møtedagen." in page


def test_attendance_is_registered_from_the_meeting_day_and_gives_rates(app, world, login, today):
    meeting_id = _plan(app, world)[0]
    with app.app_context():
        with pytest.raises(ProgrammeError, match="fra møtedagen 01.10.2026"):
            register_attendance(db.session.get(NetworkMeeting, meeting_id), set(), TODAY)
    app.config["FIXED_TODAY"] = date(2026, 10, 2)
    client = login(world.email("enhetsleder"))
    url = f"/nettverk/{meeting_id}"
    response = client.post(url, data={"present": [str(world.person_ids["mentor"])],
                                      "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    page = client.get("/nettverk/").get_data(as_text=True)
    assert "Mona Mentor</th><td>1</td><td>1</td><td>100" in page
    assert "Morten Mentor</th><td>0</td><td>1</td><td>0" in page
    assert "Lade helse- og velferdssenter</th><td>1</td><td>2</td><td>50" in page


def test_the_enhetsleder_plans_for_own_units_only(app, world, login, today):
    client = login(world.email("enhetsleder"))
    data = {"name": "Nettverk", "unit_ids": [str(world.unit_ids["b"])], "first": "01.10.2026", "starts": "12:00",
            "ends": "14:00", "interval_months": "2", "count": "2", "location": ""}
    response = post_form(client, "/nettverk/ny", data)
    assert response.status_code == 422 and "Velg enheter du har tilgang til." in response.get_data(as_text=True)
    response = post_form(client, "/nettverk/ny", {**data, "unit_ids": [str(world.unit_ids["a"])]})
    assert response.status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(NetworkMeeting)).all()) == 2


def test_a_meeting_of_unit_a_is_hidden_from_unit_b_and_the_other_kommune(app, world, login, today):
    meeting_id = _plan(app, world, keys=("a",))[0]
    assert login(world.email("enhetsleder_b")).get(f"/nettverk/{meeting_id}").status_code == 404
    assert login(world.email("hr_other")).get(f"/nettverk/{meeting_id}").status_code == 404
    assert "Mentornettverk Øst" not in login(world.email("enhetsleder_b")).get("/nettverk/").get_data(as_text=True)


def test_the_invited_mentors_calendar_carries_the_meeting(app, world, runner, today):
    _plan(app, world, keys=("b",))
    with app.app_context():
        from mentorplan.models import Person
        numbers = {key: db.session.get(Person, world.person_ids[key]).employee_number for key in ("mentor_b", "mentor")}
    invited = runner.invoke(args=["ics", numbers["mentor_b"]])
    assert invited.exit_code == 0, invited.output
    assert invited.output.count("SUMMARY:Nettverksmøte: Mentornettverk Øst") == 3
    assert "DTSTART;TZID=Europe/Oslo:20261001T120000" in invited.output
    assert "Lade\\, møterom 2" in invited.output
    assert "Nettverksmøte" not in runner.invoke(args=["ics", numbers["mentor"]]).output


def test_invited_mentors_are_reminded_a_week_ahead_with_their_shift(app, world, today):
    from mentorplan.clock import OSLO
    from mentorplan.models import Notification, NotificationKind
    from mentorplan.notifications.reminders import generate_due
    _plan(app, world, keys=("b",))
    with app.app_context():
        db.session.add(Shift(person_id=world.person_ids["mentor_b"], day=date(2026, 10, 1), code="D1",
                             starts=datetime(2026, 10, 1, 7, 45), ends=datetime(2026, 10, 1, 15, 15)))
        db.session.commit()


        def network_notes():
            db.session.commit()
            return db.session.scalars(select(Notification).where(Notification.kind == NotificationKind.NETWORK)).all()

        generate_due(datetime(2026, 9, 24, 6, 0, tzinfo=OSLO))  # before the morning a week ahead
        assert network_notes() == []
        generate_due(datetime(2026, 9, 24, 9, 0, tzinfo=OSLO))
        generate_due(datetime(2026, 9, 25, 9, 0, tzinfo=OSLO))
        notes = network_notes()
        assert [n.person_id for n in notes] == [world.person_ids["mentor_b"]]
        assert "Du står på vakt D1 torsdag 01.10.2026 kl. 07:45–15:15" in notes[0].body_text
