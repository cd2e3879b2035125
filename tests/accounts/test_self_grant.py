"""Nobody grants themselves access to notes (issue 20): no role given to oneself, no appointment
of oneself as mentor, no mentee handed over or registered to oneself. Every grant is in the access
log, and the mentee is told who her mentor is. Before issue 20 an enhetsleder could hand a mentee
over to herself and an admin could give himself enhetsleder, mentor and HR."""
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import (
    AccessKind,
    AccessLogEntry,
    Mentorship,
    Notification,
    NotificationKind,
    Person,
    Role,
    RoleAssignment,
)
from tests.accounts.test_roles import give, roles_of
from tests.hiring import register
from tests.conftest import post_form
from tests.conversations.test_conversations import hand_over

TODAY = date(2026, 9, 15)


@pytest.fixture(autouse=True)
def pinned(app):
    app.config["FIXED_TODAY"] = TODAY


def _make_mentor(app, world, key) -> None:
    with app.app_context():
        db.session.add(RoleAssignment(person_id=world.person_ids[key], role=Role.MENTOR,
                                      kommune_id=world.kommune_id, unit_id=world.unit_ids["a"]))
        db.session.commit()


def _grants(app, subject_id) -> list[tuple]:
    with app.app_context():
        return [(e.kind, e.actor_id) for e in db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.subject_id == subject_id,
                                         AccessLogEntry.kind.in_([AccessKind.ROLE, AccessKind.MENTORSHIP]))
            .order_by(AccessLogEntry.id))]


@pytest.mark.parametrize("role, scope", [("enhetsleder", "unit:{a}"), ("mentor", "unit:{a}"), ("hr", "kommune")])
def test_the_admin_may_not_give_himself_a_role(app, world, login, role, scope):
    admin = login(world.email("admin"))
    before = roles_of(app, world.person_ids["admin"])
    response = give(admin, world.person_ids["admin"], role, scope.format(a=world.unit_ids["a"]))
    assert "Du kan ikke gi deg selv en rolle. En annen administrator må gjøre det" in response.get_data(as_text=True)
    assert roles_of(app, world.person_ids["admin"]) == before
    assert _grants(app, world.person_ids["admin"]) == []


def test_a_role_given_by_an_admin_is_in_the_access_log(app, world, login):
    give(login(world.email("admin")), world.person_ids["mentee2"], "mentor", f"unit:{world.unit_ids['a']}")
    assert _grants(app, world.person_ids["mentee2"]) == [(AccessKind.ROLE, world.person_ids["admin"])]
    log = login(world.email("admin")).get("/tilgangslogg/").get_data(as_text=True)
    assert "Rolle gitt" in log


def test_the_operator_gives_the_only_admin_a_role_and_it_is_logged(app, world, runner):
    result = runner.invoke(args=["give-role", world.email("admin"), "hr"])
    assert result.exit_code == 0, result.output
    assert "Ada Admin har fått rollen HR (Hele kommunen)." in result.output
    assert (Role.HR, None, None, TODAY, None) in roles_of(app, world.person_ids["admin"])
    assert _grants(app, world.person_ids["admin"]) == [(AccessKind.ROLE, None)]
    refused = runner.invoke(args=["give-role", "ukjent@test.no", "hr"])
    assert refused.exit_code != 0 and "Fant ingen konto med e-post ukjent@test.no." in refused.output


def test_an_enhetsleder_may_not_appoint_herself_mentor(app, world, login):
    client = login(world.email("enhetsleder"))
    url = f"/enhet/{world.unit_ids['a']}/mentorer"
    response = post_form(client, url, {"appoint-person_id": world.person_ids["enhetsleder"],
                                       "appoint-valid_from": "01.10.2026", "appoint-valid_to": ""})
    assert response.status_code == 422
    assert "Du kan ikke oppnevne deg selv som mentor." in response.get_data(as_text=True)
    assert roles_of(app, world.person_ids["enhetsleder"]) == {(Role.ENHETSLEDER, world.unit_ids["a"], None, None, None)}


def test_a_mentor_appointed_by_the_enhetsleder_is_logged(app, world, login):
    client = login(world.email("enhetsleder"))
    post_form(client, f"/enhet/{world.unit_ids['a']}/mentorer", {
        "appoint-person_id": world.person_ids["avdelingsleder"], "appoint-valid_from": "01.10.2026",
        "appoint-valid_to": ""})
    assert _grants(app, world.person_ids["avdelingsleder"]) == [(AccessKind.ROLE, world.person_ids["enhetsleder"])]


def test_an_enhetsleder_may_not_hand_a_mentee_over_to_herself(app, world, login):
    _make_mentor(app, world, "enhetsleder")  # a mentor at the unit too, given by the admin
    response = hand_over(login(world.email("enhetsleder")), world, "enhetsleder")
    assert "Du kan ikke gjøre deg selv til mentor. En annen leder må oppnevne deg." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Mentorship, world.mentorship_ids["mentee"]).mentor_id == world.person_ids["mentor"]
    assert _grants(app, world.person_ids["mentee"]) == []


def test_a_hand_over_is_logged_and_told_to_the_mentee(app, world, login):
    response = hand_over(login(world.email("enhetsleder")), world, "mentor2")
    assert response.status_code == 302
    assert _grants(app, world.person_ids["mentee"]) == [(AccessKind.MENTORSHIP, world.person_ids["enhetsleder"])]
    with app.app_context():
        [notice] = db.session.scalars(select(Notification).where(
            Notification.person_id == world.person_ids["mentee"], Notification.kind == NotificationKind.MENTOR))
        assert notice.subject == "Morten Mentor er mentoren din i mentorplan"
        assert "Eli Enhet har gjort Morten Mentor til mentoren din" in notice.body_text
    assert "Morten Mentor er mentoren din" in login(world.email("mentee")).get("/").get_data(as_text=True)


def test_an_avdelingsleder_may_not_register_a_hire_with_herself_as_mentor(app, world, login):
    _make_mentor(app, world, "avdelingsleder")
    response = register(login(world.email("avdelingsleder")), world, mentor_id=str(world.person_ids["avdelingsleder"]))
    assert "Du kan ikke gjøre deg selv til mentor." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Person).where(Person.employee_number == "90001")) is None


def test_a_hire_registered_with_a_mentor_is_logged_and_told(app, world, login):
    response = register(login(world.email("avdelingsleder")), world)
    assert response.status_code == 302
    with app.app_context():
        hire = db.session.scalar(select(Person).where(Person.employee_number == "90001"))
        hire_id = hire.id
        assert db.session.scalar(select(Notification.subject).where(Notification.person_id == hire_id)) == \
            "Mona Mentor er mentoren din i mentorplan"
    assert _grants(app, hire_id) == [(AccessKind.MENTORSHIP, world.person_ids["avdelingsleder"])]
