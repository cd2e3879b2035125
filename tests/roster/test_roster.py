"""The mentor roster: appointments, load and warnings, the unit's terms, and the payroll export."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from mentorplan.extensions import db
from mentorplan.models import Person, RoleAssignment, Unit
from mentorplan.plans.operations import ProgrammeError
from mentorplan.roster.operations import appoint_mentor, roster, set_terms
from mentorplan.roster.views import _staff

from tests import factories
from tests.conftest import post_form

TODAY = date(2026, 9, 20)


@pytest.fixture
def today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


def test_unit_b_with_one_mentor_is_warned_and_unit_a_is_not(app, world, login, today):
    page_b = login(world.email("enhetsleder_b")).get(f"/enhet/{world.unit_ids['b']}/mentorer").get_data(as_text=True)
    assert "Enheten har 1 aktiv mentor." in page_b and "Mari Mentor" in page_b
    page_a = login(world.email("enhetsleder")).get(f"/enhet/{world.unit_ids['a']}/mentorer").get_data(as_text=True)
    assert "aktiv mentor" not in page_a
    assert "Mona Mentor" in page_a and "Nina Nytilsatt" in page_a and "15000 kr per år" in page_a


def test_a_mentor_above_the_units_limit_is_warned(app, world, login, today):
    with app.app_context():
        set_terms(db.session.get(Unit, world.unit_ids["a"]), 15_000, 1)
        k_unit = db.session.get(Unit, world.unit_ids["a"])
        extra = factories.person(k_unit.kommune, "Ola", "Ekstra")
        employment = factories.employment(extra, k_unit, date(2026, 9, 1), k_unit.wards[0])
        db.session.flush()
        from mentorplan.plans.operations import start_mentorship
        start_mentorship(employment, db.session.get(Person, world.person_ids["mentor"]))
        db.session.commit()
        result = roster(db.session.get(Unit, world.unit_ids["a"]), TODAY, 2)
        assert [r.appointment.person.first_name for r in result.over_limit] == ["Mona"]
    page = login(world.email("enhetsleder")).get(f"/enhet/{world.unit_ids['a']}/mentorer").get_data(as_text=True)
    assert "Mona Mentor har 2 mentees, flere enn grensen på 1." in page


def test_an_overlapping_appointment_is_refused_with_a_clear_message(app, world, login, today):
    client = login(world.email("enhetsleder"))
    url = f"/enhet/{world.unit_ids['a']}/mentorer"
    response = post_form(client, url, {"appoint-person_id": world.person_ids["mentor"],
                                       "appoint-valid_from": "01.10.2026", "appoint-valid_to": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Mona Mentor er allerede mentor ved Lade helse- og velferdssenter i perioden før–ingen sluttdato." in page
    assert 'aria-describedby="appoint-valid_from-hint appoint-valid_from-error"' in page
    with app.app_context():
        assert db.session.query(RoleAssignment).filter_by(person_id=world.person_ids["mentor"]).count() == 1


def test_appointing_a_new_mentor_and_periods_that_touch(app, world, login, today):
    client = login(world.email("enhetsleder"))
    url = f"/enhet/{world.unit_ids['a']}/mentorer"
    nurse = world.person_ids["avdelingsleder"]
    response = post_form(client, url, {"appoint-person_id": nurse, "appoint-valid_from": "01.01.2026",
                                       "appoint-valid_to": "30.06.2026"})
    assert response.status_code == 302
    with app.app_context():
        unit, person = db.session.get(Unit, world.unit_ids["a"]), db.session.get(Person, nurse)
        appoint_mentor(unit, person, date(2026, 7, 1), None, None)  # the day after: no overlap
        with pytest.raises(ProgrammeError, match="30.06.2026"):
            appoint_mentor(unit, person, date(2026, 6, 30), None, None)
        other = db.session.get(Person, world.person_ids["hr_other"])
        with pytest.raises(ProgrammeError, match="ikke ansatt i kommunen"):
            appoint_mentor(unit, other, date(2026, 1, 1), None, None)


def test_hr_reads_the_roster_but_cannot_appoint(app, world, login, today):
    client = login(world.email("hr"))
    page = client.get(f"/enhet/{world.unit_ids['a']}/mentorer").get_data(as_text=True)
    assert "Mona Mentor" in page and "Oppnevn mentor" not in page
    response = client.post(f"/enhet/{world.unit_ids['a']}/mentorer", data={
        "appoint-person_id": world.person_ids["hr"], "appoint-valid_from": "01.10.2026"})
    assert response.status_code in (400, 404)
    with app.app_context():
        assert db.session.query(RoleAssignment).filter_by(person_id=world.person_ids["hr"]).count() == 1


def test_the_enhetsleder_sets_the_units_terms(app, world, login, today):
    client = login(world.email("enhetsleder"))
    url = f"/enhet/{world.unit_ids['a']}/mentorer"
    bad = post_form(client, url + "/vilkar", {"terms-annual_supplement": "-5", "terms-mentee_limit": "2"}, url)
    assert bad.status_code == 422 and "Beløpet må være mellom 0 og 200 000 kr." in bad.get_data(as_text=True)
    assert post_form(client, url + "/vilkar", {"terms-annual_supplement": "18000", "terms-mentee_limit": "2"},
                     url).status_code == 302
    assert "18000 kr per år" in client.get(url).get_data(as_text=True)


def _payroll_world(app, world):
    with app.app_context():
        set_terms(db.session.get(Unit, world.unit_ids["b"]), 12_000, 3)
        mentor_b = db.session.scalars(db.select(RoleAssignment).filter_by(
            person_id=world.person_ids["mentor_b"])).one()
        mentor_b.valid_from = date(2026, 4, 16)
        db.session.commit()


def test_payroll_csv_pro_rates_per_unit_and_stays_in_the_kommune(app, world, login, today):
    _payroll_world(app, world)
    response = login(world.email("hr")).get("/mentorer/funksjonstillegg.csv?first=2026-01-01&last=2026-06-30")
    assert response.status_code == 200
    assert 'filename="funksjonstillegg-20260101-20260630.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Enhet"
    by_name = {r[2]: r for r in rows[1:]}
    assert set(by_name) == {"Mari Mentor", "Mona Mentor", "Morten Mentor"}  # not the other kommune's
    assert by_name["Mona Mentor"][3:] == ["2026-01-01", "2026-06-30", "6.0", "15000", "7500"]
    # 16.–30. April is half a month, then May and June: 2.5 months of 1000 kr.
    assert by_name["Mari Mentor"][3:] == ["2026-04-16", "2026-06-30", "2.5", "12000", "2500"]


def test_the_enhetsleder_gets_only_their_units_lines_and_xlsx_has_real_numbers(app, world, login, today):
    _payroll_world(app, world)
    response = login(world.email("enhetsleder_b")).get("/mentorer/funksjonstillegg.xlsx?first=2026-01-01&last=2026-06-30")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0] not in (None, "Periode")]
    assert rows == [("Hjemmesykepleien Øst", rows[0][1], "Mari Mentor", rows[0][3], rows[0][4], 2.5, 12000, 2500)]
    assert rows[0][3].date() == date(2026, 4, 16)


def test_a_period_backwards_is_refused_on_the_page(app, world, login, today):
    response = login(world.email("hr")).get("/mentorer/funksjonstillegg?first=2026-06-30&last=2026-01-01")
    assert response.status_code == 422
    assert "Perioden må slutte samme dag som eller etter at den begynner." in response.get_data(as_text=True)
    download = login(world.email("hr")).get("/mentorer/funksjonstillegg.csv?first=2026-06-30&last=2026-01-01")
    assert download.status_code == 302


def test_staff_offered_for_appointment_are_the_units_own(app, world, today):
    with app.app_context():
        names = {p.first_name for p in _staff(db.session.get(Unit, world.unit_ids["b"]), TODAY)}
        assert "Mari" in names and "Mona" not in names


# --- Mentor training -------------------------------------------------------------------------

def _training(client, unit_id, **data):
    url = f"/enhet/{unit_id}/mentorer"
    return post_form(client, url + "/utdanning", {f"training-{k}": v for k, v in data.items()}, url)


def test_mentors_at_different_training_stages_are_counted(app, world, login, today):
    client = login(world.email("enhetsleder"))
    unit = world.unit_ids["a"]
    assert _training(client, unit, person_id=world.person_ids["mentor"], programme="Mentorutdanning MDV6024 (NTNU)",
                     status="completed", started_on="15.08.2024", completed_on="20.06.2025").status_code == 302
    page = client.get(f"/enhet/{unit}/mentorer").get_data(as_text=True)
    assert "Mentorutdanning MDV6024 (NTNU): Fullført, startet 15.08.2024, fullført 20.06.2025" in page
    assert "<li>Fullført: 1</li>" in page and "<li>Ikke startet: 1</li>" in page and "<li>Pågår: 0</li>" in page
    # Updating the same programme changes the record, it does not add one.
    assert _training(client, unit, person_id=world.person_ids["mentor2"], programme="Mentorutdanning MDV6024 (NTNU)",
                     status="in_progress", started_on="15.08.2026", completed_on="").status_code == 302
    assert "<li>Pågår: 1</li>" in client.get(f"/enhet/{unit}/mentorer").get_data(as_text=True)


@pytest.mark.parametrize(("status", "started", "completed", "message"), [
    ("completed", "15.08.2024", "", "Skriv inn når utdanningen ble fullført."),
    ("in_progress", "", "", "Skriv inn når utdanningen startet."),
    ("completed", "15.08.2025", "01.08.2025", "Fullføringsdatoen kan ikke være før startdatoen."),
    ("completed", "15.08.2025", "01.10.2026", "Fullføringsdatoen kan ikke være fram i tid."),
])
def test_training_dates_that_do_not_fit_the_status_are_refused(app, world, login, today, status, started,
                                                               completed, message):
    response = _training(login(world.email("enhetsleder")), world.unit_ids["a"], person_id=world.person_ids["mentor"],
                         programme="Lokalt mentorkurs", status=status, started_on=started, completed_on=completed)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_training_is_registered_only_for_the_units_own_mentors(app, world, login, today):
    response = _training(login(world.email("enhetsleder")), world.unit_ids["a"], person_id=world.person_ids["mentor_b"],
                         programme="Lokalt mentorkurs", status="not_started")
    assert response.status_code == 422 and "Velg en av enhetens mentorer." in response.get_data(as_text=True)
    hr = login(world.email("hr"))
    assert "Registrer mentorutdanning" not in hr.get(f"/enhet/{world.unit_ids['a']}/mentorer").get_data(as_text=True)
