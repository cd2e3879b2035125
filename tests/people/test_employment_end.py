"""HR registers how an employment ended: checked, tied to the fields, and the mentorship follows."""
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, Employment, EndReason, Mentorship

from tests.conftest import post_form


@pytest.fixture
def mentee_employment(app, world):
    app.config["FIXED_TODAY"] = date(2026, 9, 20)
    with app.app_context():
        return db.session.get(Mentorship, world.mentorship_ids["mentee"]).employment_id


def state(app, world):
    with app.app_context():
        mentorship = db.session.get(Mentorship, world.mentorship_ids["mentee"])
        statuses = [a.status for a in mentorship.plan.activities]
        e = mentorship.employment
        return e.end_date, e.end_reason, mentorship.end_date, statuses.count(ActivityStatus.CANCELLED)


def test_hr_ends_an_employment_and_the_mentorship_ends_with_it(app, world, login, mentee_employment):
    client = login(world.email("hr"))
    url = f"/personer/arbeidsforhold/{mentee_employment}/avslutt"
    response = post_form(client, url, {"end_date": "30.11.2026", "end_reason": "frivillig"})
    assert response.status_code == 302
    end, reason, mentorship_end, cancelled = state(app, world)
    assert (end, reason, mentorship_end) == (date(2026, 11, 30), EndReason.FRIVILLIG, date(2026, 11, 30))
    assert cancelled > 10
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Arbeidsforholdet ved Lade helse- og velferdssenter er avsluttet 30.11.2026." in page
    assert "Sa opp selv" in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"end_date": "01.09.2026", "end_reason": "frivillig"}, "end_date",
     "Siste arbeidsdag kan ikke være før startdatoen 07.09.2026."),
    ({"end_date": "30.11.2026", "end_reason": ""}, "end_reason", "Velg en sluttårsak."),
    ({"end_date": "", "end_reason": "frivillig"}, "end_date", "Skriv inn siste arbeidsdag (dd.mm.åååå)."),
])
def test_impossible_endings_are_refused_with_the_field_named(app, world, login, mentee_employment, data, field,
                                                              message):
    before = state(app, world)
    response = post_form(login(world.email("hr")), f"/personer/arbeidsforhold/{mentee_employment}/avslutt", data)
    assert response.status_code == 200
    assert f'id="{field}-error">{message}</p>' in response.get_data(as_text=True)
    assert state(app, world) == before


@pytest.mark.parametrize(("key", "status"), [("hr_other", 404), ("enhetsleder_b", 404), ("avdelingsleder2", 404),
                                             ("mentor", 403), ("mentee", 403), ("admin", 403)])
def test_others_cannot_end_the_employment(app, world, login, mentee_employment, key, status):
    before = state(app, world)
    client = login(world.email(key))
    response = post_form(client, f"/personer/arbeidsforhold/{mentee_employment}/avslutt",
                         {"end_date": "30.11.2026", "end_reason": "frivillig"}, form_url="/")
    assert response.status_code == status
    assert state(app, world) == before


def test_the_person_page_links_hr_to_registering_the_end(app, world, login, mentee_employment):
    page = login(world.email("hr")).get(f"/personer/{world.person_ids['mentee']}").get_data(as_text=True)
    assert f'href="/personer/arbeidsforhold/{mentee_employment}/avslutt"' in page
    page = login(world.email("admin")).get(f"/personer/{world.person_ids['mentee']}").get_data(as_text=True)
    assert "/avslutt" not in page


def test_an_end_that_would_overlap_a_later_employment_in_the_unit_is_refused(app, world, login):
    from mentorplan.models import Person, Unit
    from tests import factories
    with app.app_context():
        person = db.session.get(Person, world.person_ids["mentor"])
        unit = db.session.get(Unit, world.unit_ids["a"])
        first = person.employments[0]
        first.end_date, first.end_reason = date(2019, 12, 31), EndReason.FRIVILLIG
        factories.employment(person, unit, date(2021, 3, 1))
        db.session.commit()
        first_id = first.id
    response = post_form(login(world.email("hr")), f"/personer/arbeidsforhold/{first_id}/avslutt",
                         {"end_date": "30.06.2021", "end_reason": "frivillig"})
    assert ('id="end_date-error">Overlapper med arbeidsforholdet ved Lade helse- og velferdssenter '
            "fra 01.03.2021, uten sluttdato.</p>") in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Employment, first_id).end_date == date(2019, 12, 31)


def test_hr_registers_the_next_employment_after_a_transfer(app, world, login):
    client = login(world.email("hr"))
    person_id = world.person_ids["mentor"]
    url = f"/personer/{person_id}/arbeidsforhold/ny"
    with app.app_context():
        first_id = db.session.scalar(select(Employment.id).where(Employment.person_id == person_id))
    assert post_form(client, f"/personer/arbeidsforhold/{first_id}/avslutt",
                     {"end_date": "31.08.2026", "end_reason": "intern_overgang"}).status_code == 302
    response = post_form(client, url, {"unit_id": str(world.unit_ids["b"]), "start_date": "07.09.2026",
                                       "profession": "sykepleier", "position_percent": "80"})
    assert response.status_code == 302
    with app.app_context():
        jobs = db.session.scalars(select(Employment).where(Employment.person_id == person_id)
                                  .order_by(Employment.start_date)).all()
        assert [(j.unit_id, j.start_date, j.end_reason, j.position_percent) for j in jobs] == [
            (world.unit_ids["a"], date(2015, 1, 5), EndReason.INTERN_OVERGANG, 100),
            (world.unit_ids["b"], date(2026, 9, 7), None, 80)]


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"unit_id": "a", "start_date": "01.03.2020"}, "start_date",
     "Overlapper med arbeidsforholdet ved Lade helse- og velferdssenter fra 05.01.2015, uten sluttdato."),
    ({"unit_id": "0", "start_date": "01.03.2020"}, "unit_id", "Velg en enhet i kommunen."),
    ({"unit_id": "other", "start_date": "01.03.2020"}, "unit_id", "Velg en enhet i kommunen."),
    ({"unit_id": "b", "start_date": "2020-02-30"}, "start_date", "Skriv inn en gyldig startdato (dd.mm.åååå)."),
    ({"unit_id": "b", "start_date": "01.03.2020", "position_percent": "120"}, "position_percent",
     "Stillingsprosenten må være mellom 1 og 100."),
])
def test_an_impossible_new_employment_is_refused_with_the_field_named(app, world, login, data, field, message):
    unit = world.unit_ids.get(data["unit_id"], data["unit_id"])
    form = {"profession": "sykepleier", "position_percent": "100"} | data | {"unit_id": str(unit)}
    response = post_form(login(world.email("hr")), f"/personer/{world.person_ids['mentor']}/arbeidsforhold/ny", form)
    assert response.status_code == 200
    assert f'id="{field}-error">{message}</p>' in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Employment).where(
            Employment.person_id == world.person_ids["mentor"])).all()) == 1


def test_hr_records_position_changes_over_time(app, world, login, mentee_employment):
    client = login(world.email("hr"))
    url = f"/personer/arbeidsforhold/{mentee_employment}/stillingsprosent"
    assert post_form(client, url, {"from_date": "01.11.2026", "position_percent": "80"}).status_code == 302
    assert post_form(client, url, {"from_date": "01.02.2027", "position_percent": "60"}).status_code == 302
    assert post_form(client, url, {"from_date": "01.02.2027", "position_percent": "50"}).status_code == 302
    with app.app_context():
        employment = db.session.get(Employment, mentee_employment)
        assert [(c.from_date, c.position_percent) for c in employment.position_changes] == [
            (date(2026, 11, 1), 80), (date(2027, 2, 1), 50)]
        assert [employment.percent_on(d) for d in (date(2026, 9, 7), date(2026, 12, 1), date(2027, 6, 1))] == [
            100, 80, 50]
    page = client.get(f"/personer/{world.person_ids['mentee']}").get_data(as_text=True)
    assert "100 %<br>80 % fra 01.11.2026<br>50 % fra 01.02.2027" in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"from_date": "01.09.2026", "position_percent": "80"}, "from_date",
     "Datoen må ligge etter starten og innenfor arbeidsforholdet (fra 07.09.2026, uten sluttdato)."),
    ({"from_date": "01.11.2026", "position_percent": "0"}, "position_percent",
     "Stillingsprosenten må være mellom 1 og 100."),
    ({"from_date": "01.11.2026", "position_percent": "åtti"}, "position_percent", "Skriv inn et helt tall."),
])
def test_an_impossible_position_change_is_refused(app, world, login, mentee_employment, data, field, message):
    response = post_form(login(world.email("hr")), f"/personer/arbeidsforhold/{mentee_employment}/stillingsprosent",
                         data)
    assert f'id="{field}-error">{message}</p>' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Employment, mentee_employment).position_changes == []


def test_the_avdelingsleder_ends_an_employment_in_the_ward_from_the_plan(app, world, login, mentee_employment):
    client = login(world.email("avdelingsleder"))
    plan = f"/plan/{world.mentorship_ids['mentee']}"
    assert f'href="/personer/arbeidsforhold/{mentee_employment}/avslutt"' in client.get(plan).get_data(as_text=True)
    response = post_form(client, f"/personer/arbeidsforhold/{mentee_employment}/avslutt",
                         {"end_date": "15.10.2026", "end_reason": "arbeidsgiver"})
    assert response.status_code == 302 and response.headers["Location"] == plan
    assert state(app, world)[:3] == (date(2026, 10, 15), EndReason.ARBEIDSGIVER, date(2026, 10, 15))
    assert "/avslutt" not in login(world.email("mentor")).get(plan).get_data(as_text=True)
