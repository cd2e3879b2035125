"""HR registers how an employment ended: checked, tied to the fields, and the mentorship follows."""
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import ActivityStatus, EndReason, Mentorship

from .conftest import post_form


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


@pytest.mark.parametrize(("key", "status"), [("hr_other", 404), ("enhetsleder", 403), ("admin", 403)])
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
