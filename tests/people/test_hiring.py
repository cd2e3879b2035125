"""Registering a new hire (/avdeling/nyansatt): the form, what it stores, and bad input refused in Norwegian."""
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Employment, Mentorship, Person, Plan, PlanActivity, Profession
from tests.conftest import csrf_token
from tests.hiring import NEW_HIRE_START, hire_data, new_hire, register
from tests.pages import field_error, html, section
from tests.world import employee_number


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Person, Employment, Mentorship, Plan, PlanActivity)}


def test_the_new_hire_form_offers_the_leaders_wards_and_the_units_mentors(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("avdelingsleder")), "/avdeling/nyansatt")
    wards = section(page, 'id="ward_id"', "</select>")
    assert "Avdeling 1" in wards and "Avdeling 2" not in wards and "Sone 1" not in wards
    mentors = section(page, 'id="mentor_id"', "</select>")
    assert "Mona Mentor" in mentors and "Morten Mentor" in mentors
    assert "Mari Mentor" not in mentors and "Mia Annen" not in mentors


def test_the_enhetsleder_may_hire_into_every_ward_of_the_unit(world, login, set_today):
    set_today(date(2026, 9, 15))
    wards = section(html(login(world.email("enhetsleder")), "/avdeling/nyansatt"), 'id="ward_id"', "</select>")
    assert "Avdeling 1" in wards and "Avdeling 2" in wards and "Sone 1" not in wards


def test_registering_a_hire_redirects_to_the_new_plan(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    response = register(login(world.email("avdelingsleder")), world)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/plan/{new_hire(app).id}"


def test_registering_a_hire_stores_person_and_employment(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    register(login(world.email("avdelingsleder")), world)
    mentorship = new_hire(app)
    person, employment = mentorship.mentee, mentorship.employment
    assert (person.first_name, person.last_name, person.email) == ("Kari", "Nordmann", "kari.nordmann@test.no")
    assert person.kommune_id == world.kommune_id
    assert (employment.unit_id, employment.ward_id) == (world.unit_ids["a"], world.ward_ids["1"])
    assert employment.start_date == NEW_HIRE_START
    assert (employment.position_percent, employment.newly_graduated) == (80, True)
    assert employment.profession is Profession.SYKEPLEIER


def test_registering_a_hire_pairs_a_mentor_with_the_units_other_mentor_as_backup(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    register(login(world.email("avdelingsleder")), world)
    mentorship = new_hire(app)
    assert mentorship.mentor_id == world.person_ids["mentor"]
    assert mentorship.backup_mentor_id == world.person_ids["mentor2"]
    assert mentorship.start_date == NEW_HIRE_START


def test_registering_a_hire_makes_a_plan_of_34_activities_from_the_start_date(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    register(login(world.email("avdelingsleder")), world)
    activities = {a.title: a for a in new_hire(app).plan.activities}
    assert len(new_hire(app).plan.activities) == 34
    assert activities["Velkomst og oppstartssamtale"].due_from == NEW_HIRE_START
    assert activities["Forberede ankomst"].due_from == NEW_HIRE_START - timedelta(days=14)
    assert activities["Forberede ankomst"].due_to == NEW_HIRE_START - timedelta(days=1)
    assert all(a.status is ActivityStatus.PLANNED for a in activities.values())


def test_the_new_plan_page_greets_the_registration(world, login, set_today):
    set_today(date(2026, 9, 15))
    client = login(world.email("avdelingsleder"))
    page = client.post("/avdeling/nyansatt", follow_redirects=True,
                       data={**hire_data(world), "csrf_token": csrf_token(client, "/avdeling/nyansatt")})
    text = page.get_data(as_text=True)
    assert "Kari Nordmann er registrert, og ettårsplanen er laget." in text
    assert "Plan for Kari Nordmann" in text
    assert "05.10.2026 (uke 41)" in text


def test_the_new_hire_appears_on_the_avdeling_page(world, login, set_today):
    set_today(date(2026, 9, 25))
    client = login(world.email("avdelingsleder"))
    register(client, world)
    assert "Kari Nordmann" in section(html(client, "/avdeling/"), 'id="planer"')


def test_an_employee_number_used_in_another_kommune_may_be_reused(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    other_number = employee_number(app, world.person_ids["mentee_other"])
    response = register(login(world.email("avdelingsleder")), world, employee_number=other_number)
    assert response.status_code == 302


BAD_HIRES = {
    "empty first name": ("first_name", lambda app, world: "", "Feltet må fylles ut."),
    "blank last name": ("last_name", lambda app, world: "   ", "Feltet må fylles ut."),
    "duplicate ansattnummer": ("employee_number",
                               lambda app, world: employee_number(app, world.person_ids["mentor"]),
                               "Ansattnummeret er allerede i bruk i kommunen."),
    "no mentor chosen": ("mentor_id", lambda app, world: "0", "Velg en mentor."),
    "stillingsprosent 0": ("position_percent", lambda app, world: "0",
                           "Stillingsprosenten må være mellom 1 og 100."),
    "stillingsprosent 101": ("position_percent", lambda app, world: "101",
                             "Stillingsprosenten må være mellom 1 og 100."),
    "impossible date": ("start_date", lambda app, world: "31.02.2026", "Skriv inn en gyldig startdato (dd.mm.åååå)."),
    "empty date": ("start_date", lambda app, world: "", "Skriv inn en gyldig startdato (dd.mm.åååå)."),
    "bad e-mail": ("email", lambda app, world: "ikke-en-adresse", "Skriv inn en gyldig e-postadresse."),
}


@pytest.mark.parametrize("case", BAD_HIRES)
def test_bad_hire_input_shows_a_norwegian_message_next_to_the_field(app, world, login, set_today, case):
    set_today(date(2026, 9, 15))
    field, value, message = BAD_HIRES[case]
    response = register(login(world.email("avdelingsleder")), world, **{field: value(app, world)})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert field_error(page, field) == message
    assert "Skjemaet har feil som må rettes" in page


@pytest.mark.parametrize("case", BAD_HIRES)
def test_bad_hire_input_stores_nothing(app, world, login, set_today, case):
    set_today(date(2026, 9, 15))
    field, value, _ = BAD_HIRES[case]
    before = counts(app)
    register(login(world.email("avdelingsleder")), world, **{field: value(app, world)})
    assert counts(app) == before


@pytest.mark.parametrize("case", BAD_HIRES)
def test_bad_hire_input_keeps_what_was_typed(app, world, login, set_today, case):
    set_today(date(2026, 9, 15))
    field, value, _ = BAD_HIRES[case]
    page = register(login(world.email("avdelingsleder")), world, **{field: value(app, world)}).get_data(as_text=True)
    for kept, typed in (("first_name", "Kari"), ("last_name", "Nordmann"), ("employee_number", "90001"),
                        ("email", "Kari.Nordmann@Test.no"), ("position_percent", "80")):
        if kept != field:
            assert re.search(rf'id="{kept}"[^>]*value="{re.escape(typed)}"', page), kept
    if field != "mentor_id":
        assert f'<option selected value="{world.person_ids["mentor"]}">' in page


def test_a_mentor_from_another_unit_is_refused_in_norwegian(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    before = counts(app)
    response = register(login(world.email("avdelingsleder")), world, mentor_id=str(world.person_ids["mentor_b"]))
    assert response.status_code == 200
    assert "Mentoren må være mentor ved samme enhet som avdelingen." in field_error(response.get_data(as_text=True),
                                                                                    "mentor_id")
    assert counts(app) == before


def test_a_mentor_from_another_unit_gets_only_norwegian_messages(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = register(login(world.email("avdelingsleder")), world,
                    mentor_id=str(world.person_ids["mentor_b"])).get_data(as_text=True)
    assert field_error(page, "mentor_id") == "Mentoren må være mentor ved samme enhet som avdelingen."


def test_hiring_into_a_ward_the_leader_does_not_lead_stores_nothing(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    before = counts(app)
    response = register(login(world.email("avdelingsleder")), world, ward_id=str(world.ward_ids["2"]))
    assert response.status_code == 200
    assert field_error(response.get_data(as_text=True), "ward_id")
    assert counts(app) == before


def test_hiring_into_a_ward_the_leader_does_not_lead_is_refused_in_norwegian(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = register(login(world.email("avdelingsleder")), world,
                    ward_id=str(world.ward_ids["2"])).get_data(as_text=True)
    assert field_error(page, "ward_id") == "Velg en avdeling du er leder for."


def test_a_stillingsprosent_that_is_not_a_number_is_refused_in_norwegian(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = register(login(world.email("avdelingsleder")), world, position_percent="åtti").get_data(as_text=True)
    assert field_error(page, "position_percent") == "Skriv inn et helt tall."
