"""Leavers stay out of the staff file (issue 23): a row whose employment has ended gets no invitation,
no account and no plan, by the command and on the web alike; a file that ends a running employment
ends the login and the plan at once (tests/people/test_leaving.py has HR's page and the nightly job)."""
from datetime import date

import pytest
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import Employment, Mentorship, Person, User
from tests.people.test_leaving import can_log_in, logged_out, plan_state
from tests.people.test_staff_upload import HEADER, UNIT_A, preview, upload

TODAY = date(2026, 11, 20)
MENTOR = f"7101;Vera;Veileder;vera@test.no;sykepleier;{UNIT_A};Avdeling 1;2014-01-06;;;100;nei;;mentor\n"
HIRE = f"7102;Nils;Nyfil;nils.nyfil@test.no;sykepleier;{UNIT_A};Avdeling 1;2026-10-05;;;100;ja;7101;\n"
# Started 15.06, left 31.10, with a mentor: the row of issue 23 that got a login and a plan.
LEAVER = f"7103;Lars;Sluttet;lars@test.no;sykepleier;{UNIT_A};Avdeling 1;2026-06-15;2026-10-31;frivillig;100;ja;7101;\n"
# Leaves today, a mentor: the last day has come, so no login either.
LEAVING_TODAY = (f"7104;Tone;Idag;tone@test.no;sykepleier;{UNIT_A};Avdeling 1;2010-01-04;2026-11-20;pensjon;100;nei;;"
                 "mentor\n")


@pytest.fixture(autouse=True)
def today(set_today):
    return set_today(TODAY)


def person_state(app, number: str) -> tuple[bool, int]:
    """(has an account, how many mentorships as mentee) of the person with the employee number."""
    with app.app_context():
        person = db.session.scalars(select(Person).where(Person.employee_number == number)).one()
        account = db.session.scalar(select(User).where(User.person_id == person.id)) is not None
        plans = db.session.scalar(select(func.count()).select_from(Mentorship).where(Mentorship.mentee_id == person.id))
        return account, plans


def test_the_command_invites_no_leaver_and_starts_no_plan_for_one(app, runner, smtp, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + MENTOR + HIRE + LEAVER + LEAVING_TODAY, encoding="utf-8")

    result = runner.invoke(args=["import-staff", str(path), "--kommune", "Sluttby kommune"])

    assert result.exit_code == 0, result.output
    assert "2 sluttet: ingen invitasjon, ingen plan." in result.stdout
    assert "Mentorforløp: 1 startet, 0 fikk ny mentor." in result.stdout
    assert "Kontoer: 2 nye, invitasjon sendt på e-post til 2 av 2." in result.stdout
    assert smtp.to("lars@test.no") == [] and smtp.to("tone@test.no") == []
    assert person_state(app, "7103") == (False, 0) and person_state(app, "7104") == (False, 0)
    assert person_state(app, "7102") == (True, 1)
    with app.app_context():  # the employment is kept: HR's retention counts him as a hire who left
        job = db.session.scalars(select(Employment).join(Employment.person).where(Person.employee_number == "7103")).one()
        assert (job.start_date, job.end_date) == (date(2026, 6, 15), date(2026, 10, 31))


def test_the_web_upload_invites_no_leaver_and_starts_no_plan_for_one(app, world, login, smtp):
    admin = login(world.email("admin"))

    _, page = preview(admin, HEADER + MENTOR + HIRE + LEAVER)
    assert "Har sluttet (1)" in page
    assert "<strong>Lars Sluttet</strong> (7103): siste arbeidsdag 31.10.2026: ingen invitasjon, ingen ny plan" in page
    assert "Lars Sluttet</strong> (7103): med mentor" not in page and "lars@test.no" not in page
    _, page = upload(admin, HEADER + MENTOR + HIRE + LEAVER)

    assert "1 sluttet: ingen invitasjon, ingen plan." in page
    assert smtp.to("lars@test.no") == [] and len(smtp.to("nils.nyfil@test.no")) == 1
    assert person_state(app, "7103") == (False, 0)


def nina(app, world) -> str:
    with app.app_context():
        return db.session.get(Person, world.person_ids["mentee"]).employee_number


def mentor_number(app, world) -> str:
    with app.app_context():
        return db.session.get(Person, world.person_ids["mentor"]).employee_number


def nina_row(app, world, end: str) -> str:
    return (f"{nina(app, world)};Nina;Nytilsatt;mentee@test.no;sykepleier;{UNIT_A};Avdeling 1;2026-09-07;{end};"
            f"frivillig;100;ja;{mentor_number(app, world)};\n")


def test_a_file_that_ends_a_running_employment_ends_the_login_and_the_plan(app, world, login, smtp):
    mentee = login(world.email("mentee"))
    _, plans_before, activities = plan_state(app, world)

    _, page = upload(login(world.email("admin")), HEADER + nina_row(app, world, "2026-11-15"))

    assert "1 sluttet: ingen invitasjon, ingen plan; 1 konto deaktivert." in page
    assert "1 avsluttet med arbeidsforholdet." in page
    end, cancelled, still = plan_state(app, world)
    assert end == date(2026, 11, 15) and still == activities  # history: nothing is deleted
    assert cancelled > plans_before
    assert logged_out(mentee) and not can_log_in(app, world.email("mentee"))


def test_the_preview_of_such_a_file_names_what_will_end_and_ends_nothing(app, world, login):
    _, page = preview(login(world.email("admin")), HEADER + nina_row(app, world, "2026-11-15"))

    assert "siste arbeidsdag 15.11.2026: ingen invitasjon, ingen ny plan; kontoen deaktiveres" in page
    assert "sluttdato – → 15.11.2026" in page and "mentorforløpet avsluttes 15.11.2026" in page
    assert plan_state(app, world)[0] is None and can_log_in(app, world.email("mentee"))
