"""The unit leader's page (/enhet): the unit's plans, its mentors and the template new plans follow."""
from datetime import date

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Role, RoleAssignment
from tests.pages import html, section


def test_enhet_shows_every_plan_of_the_unit(world, login, set_today):
    set_today(date(2026, 9, 15))
    plans = section(html(login(world.email("enhetsleder")), "/enhet"), ">Alle planer<")
    assert "Nina Nytilsatt" in plans and "Nils Nytilsatt" in plans
    assert "Avdeling 1" in plans and "Avdeling 2" in plans
    assert "Nora Nytilsatt" not in plans and "Noah Nytilsatt" not in plans


def test_enhet_shows_the_mentor_roster_with_their_load(world, login, set_today):
    set_today(date(2026, 9, 15))
    roster = section(html(login(world.email("enhetsleder")), "/enhet"), ">Mentorer<", ">Planmal<")
    assert "Mona Mentor – 1 aktiv mentee" in roster
    assert "Morten Mentor – 1 aktiv mentee" in roster
    assert "Mari Mentor" not in roster


def test_enhet_does_not_warn_when_the_unit_has_two_mentors(world, login, set_today):
    set_today(date(2026, 9, 15))
    assert "Enheten har" not in html(login(world.email("enhetsleder")), "/enhet")


def test_enhet_warns_when_the_unit_has_one_mentor(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("enhetsleder_b")), "/enhet")   # Hjemmesykepleien Øst has only Mari
    assert "Enheten har 1 aktiv mentor." in page
    assert "to mentorer per enhet" in page


def test_enhet_warns_when_a_mentors_role_has_ended(app, world, login, set_today):
    set_today(date(2026, 9, 15))
    with app.app_context():
        assignment = db.session.scalar(select(RoleAssignment).where(
            RoleAssignment.person_id == world.person_ids["mentor2"], RoleAssignment.role == Role.MENTOR))
        assignment.valid_to = date(2026, 9, 1)
        db.session.commit()
    page = html(login(world.email("enhetsleder")), "/enhet")
    assert "Enheten har 1 aktiv mentor." in page
    assert "Morten Mentor –" not in section(page, ">Mentorer<", ">Planmal<")


def test_enhet_names_the_template_new_plans_are_made_from(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("enhetsleder")), "/enhet")
    assert "Mentoreringsplan for nytilsatte sykepleiere, versjon 1</strong> (kommunens standardmal)" in page
