"""The admin gives and ends roles on the web (/admin/kontoer/<person>): the scope follows the
role, a role held already is refused, an ended role keeps its history, a new role invites a
person without an account, and no other role, and no admin of another kommune, may do it."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Person, Role, RoleAssignment, User

from tests import factories
from tests.pages import html
from tests.conftest import csrf_token, post_form

TODAY = date(2026, 9, 15)


@pytest.fixture
def admin(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    return login(world.email("admin"))


def give(client, person_id, role, scope):
    url = f"/admin/kontoer/{person_id}"
    response = post_form(client, url, {"role": role, "scope": scope})
    response.close()  # an invitation goes once the response is sent
    return response


def roles_of(app, person_id) -> set[tuple]:
    with app.app_context():
        return {(a.role, a.unit_id, a.ward_id, a.valid_from, a.valid_to) for a in db.session.scalars(
            select(RoleAssignment).where(RoleAssignment.person_id == person_id))}


def assignment_id(app, person_id, role) -> int:
    with app.app_context():
        return db.session.scalar(select(RoleAssignment.id).where(
            RoleAssignment.person_id == person_id, RoleAssignment.role == role))


def test_the_page_shows_the_account_and_the_current_roles(world, admin):
    page = html(admin, f"/admin/kontoer/{world.person_ids['enhetsleder']}")
    assert "Eli Enhet" in page and "enhetsleder@test.no" in page and "Aktiv" in page
    roles = page[page.index('id="roller"'):page.index('id="ny-rolle"')]
    assert "Enhetsleder" in roles and "Lade helse- og velferdssenter" in roles and "Avslutt" in roles


def test_the_admin_appoints_a_mentor_in_a_unit(app, world, admin):
    nurse = world.person_ids["mentee2"]
    response = give(admin, nurse, "mentor", f"unit:{world.unit_ids['a']}")
    assert response.status_code == 302
    assert "har fått rollen Mentor (Lade helse- og velferdssenter (hele enheten))" in html(admin, f"/admin/kontoer/{nurse}")
    assert (Role.MENTOR, world.unit_ids["a"], None, TODAY, None) in roles_of(app, nurse)


def test_an_avdelingsleder_is_appointed_to_a_ward(app, world, admin):
    nurse = world.person_ids["mentee2"]
    give(admin, nurse, "avdelingsleder", f"ward:{world.ward_ids['2']}")
    assert (Role.AVDELINGSLEDER, world.unit_ids["a"], world.ward_ids["2"], TODAY, None) in roles_of(app, nurse)


@pytest.mark.parametrize("role, scope, message", [
    ("hr", "unit", "HR gjelder hele kommunen"),
    ("admin", "ward", "Administrator gjelder hele kommunen"),
    ("mentor", "kommune", "Mentor gjelder en enhet"),
    ("enhetsleder", "ward", "Enhetsleder gjelder en enhet"),
    ("avdelingsleder", "kommune", "Avdelingsleder gjelder en avdeling"),
    ("mentee", "kommune", "Velg en rolle."),
    ("", "kommune", "Velg en rolle."),
])
def test_a_scope_that_does_not_fit_the_role_is_refused_and_nothing_saved(app, world, admin, role, scope, message):
    keys = {"kommune": "kommune", "unit": f"unit:{world.unit_ids['a']}", "ward": f"ward:{world.ward_ids['1']}"}
    nurse = world.person_ids["mentee2"]
    before = roles_of(app, nurse)
    response = post_form(admin, f"/admin/kontoer/{nurse}", {"role": role, "scope": keys[scope]})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert roles_of(app, nurse) == before


def test_a_scope_of_another_kommune_is_refused(app, world, admin):
    response = post_form(admin, f"/admin/kontoer/{world.person_ids['mentee2']}",
                         {"role": "mentor", "scope": f"unit:{world.unit_ids['other']}"})
    assert "Velg hele kommunen, en enhet eller en avdeling i kommunen." in response.get_data(as_text=True)


def test_a_role_held_already_is_refused(app, world, admin):
    response = post_form(admin, f"/admin/kontoer/{world.person_ids['mentor']}",
                         {"role": "mentor", "scope": f"unit:{world.unit_ids['a']}"})
    assert "Mona Mentor har allerede rollen Mentor der" in response.get_data(as_text=True)


def test_ending_a_role_keeps_it_until_yesterday(app, world, admin):
    leader = world.person_ids["enhetsleder"]
    response = post_form(admin, f"/admin/kontoer/roller/{assignment_id(app, leader, Role.ENHETSLEDER)}/avslutt", {},
                         f"/admin/kontoer/{leader}")
    assert response.status_code == 302
    assert "Rollen Enhetsleder (Lade helse- og velferdssenter) er avsluttet" in html(admin, f"/admin/kontoer/{leader}")
    [(role, unit, ward, valid_from, valid_to)] = roles_of(app, leader)
    assert valid_to == TODAY - timedelta(days=1)


def test_an_ended_enhetsleder_no_longer_leads_the_unit(app, world, admin, login):
    leader = world.person_ids["enhetsleder"]
    post_form(admin, f"/admin/kontoer/roller/{assignment_id(app, leader, Role.ENHETSLEDER)}/avslutt", {},
              f"/admin/kontoer/{leader}")
    assert login(world.email("enhetsleder")).get("/enhet").status_code == 403


def test_ending_a_mentor_role_names_the_mentees_who_need_a_new_mentor(app, world, admin):
    mentor = world.person_ids["mentor"]
    post_form(admin, f"/admin/kontoer/roller/{assignment_id(app, mentor, Role.MENTOR)}/avslutt", {},
              f"/admin/kontoer/{mentor}")
    page = html(admin, f"/admin/kontoer/{mentor}")
    assert "Mona Mentor er fortsatt mentor for Nina Nytilsatt" in page


def test_the_admin_cannot_end_their_own_admin_role(app, world, admin):
    me = world.person_ids["admin"]
    post_form(admin, f"/admin/kontoer/roller/{assignment_id(app, me, Role.ADMIN)}/avslutt", {}, f"/admin/kontoer/{me}")
    assert "Du kan ikke avslutte din egen administratorrolle." in html(admin, f"/admin/kontoer/{me}")
    assert all(valid_to is None for *_, valid_to in roles_of(app, me))


def test_a_new_role_invites_a_person_without_an_account(app, world, admin, smtp):
    with app.app_context():
        kommune = db.session.get(Person, world.person_ids["admin"]).kommune
        person = factories.person(kommune, "Tone", "Turnus", email="tone@test.no", number="8101")
        db.session.commit()
        person_id = person.id
    give(admin, person_id, "mentor", f"unit:{world.unit_ids['a']}")
    assert "Invitasjonen er sendt på e-post." in html(admin, f"/admin/kontoer/{person_id}")
    [mail] = smtp.to("tone@test.no")
    assert mail.subject == "Du er invitert til mentorplan"
    with app.app_context():
        assert db.session.scalar(select(User.email).where(User.person_id == person_id)) == "tone@test.no"


@pytest.mark.parametrize("key", ["hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"])
def test_only_the_admin_gives_and_ends_roles(app, world, login, key):
    client = login(world.email(key))
    target = world.person_ids["mentee2"]
    assert client.get(f"/admin/kontoer/{target}").status_code == 403
    token = csrf_token(client, "/profil")
    assert client.post(f"/admin/kontoer/{target}", data={"role": "admin", "scope": "kommune",
                                                         "csrf_token": token}).status_code == 403
    ended = assignment_id(app, world.person_ids["mentor"], Role.MENTOR)
    assert client.post(f"/admin/kontoer/roller/{ended}/avslutt", data={"csrf_token": token}).status_code == 403
    assert (Role.ADMIN, None, None, None, None) not in roles_of(app, target)


def test_the_admin_cannot_touch_another_kommunes_roles(app, world, admin):
    other = world.person_ids["mentor_other"]
    assert admin.get(f"/admin/kontoer/{other}").status_code == 404
    ended = assignment_id(app, other, Role.MENTOR)
    response = admin.post(f"/admin/kontoer/roller/{ended}/avslutt",
                          data={"csrf_token": csrf_token(admin, f"/admin/kontoer/{world.person_ids['mentor']}")})
    assert response.status_code == 404
    assert all(valid_to is None for *_, valid_to in roles_of(app, other))


def test_an_admin_appointed_on_the_web_is_invited_and_logs_in_as_admin(app, world, admin, smtp):
    from tests.auth.test_invitations import accept, invitation_to
    with app.app_context():
        kommune = db.session.get(Person, world.person_ids["admin"]).kommune
        person = factories.person(kommune, "Ada", "Andre", email="ada.andre@test.no", number="8102")
        db.session.commit()
        person_id = person.id
    give(admin, person_id, "admin", "kommune")
    client, response = accept(app, invitation_to(smtp, "ada.andre@test.no"))
    assert response.status_code == 302
    assert 'href="/admin/kontoer/"' in client.get("/").get_data(as_text=True)
