"""The invitation a nurse can trust (issue 23): from the kommune by name, answered to the kommune's
address, saying why she is invited (her unit and mentor, or her role) and what mentorplan is, in a
plain-text and an HTML part. Read from a real SMTP server."""
from datetime import date

import pytest
from sqlalchemy import select

from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.models import Kommune, Person, User
from tests import factories
from tests.conftest import post_form
from tests.hiring import hire_data

TODAY = date(2026, 9, 15)
REPLY_TO = "personalservice@testkommune.no"


@pytest.fixture
def mail_settings(app):
    app.config.update(FIXED_TODAY=TODAY, MAIL_FROM="mentorplan <ikke-svar@mentorplan.testkommune.no>",
                      MAIL_REPLY_TO=REPLY_TO)
    return app


def hire_invitation(world, login, smtp):
    """The invitation of a new hire registered by her avdelingsleder, with Mona Mentor as mentor."""
    response = post_form(login(world.email("avdelingsleder")), "/avdeling/nyansatt", hire_data(world))
    response.close()  # the mail goes once the response has been sent
    [mail] = smtp.to("kari.nordmann@test.no")
    return mail


def leader_invitation(app, world, login, smtp):
    """The invitation of a nurse without an account whom the admin makes avdelingsleder."""
    with app.app_context():
        kommune = db.session.get(Kommune, world.kommune_id)
        person = factories.person(kommune, "Live", "Leder", email="live@test.no", number="8301")
        db.session.commit()
        person_id = person.id
    response = post_form(login(world.email("admin")), f"/admin/kontoer/{person_id}",
                         {"role": "avdelingsleder", "scope": f"ward:{world.ward_ids['1']}"})
    response.close()
    [mail] = smtp.to("live@test.no")
    return mail


def test_the_sender_is_the_kommune_by_name_and_replies_go_to_the_kommune(mail_settings, world, login, smtp):
    mail = hire_invitation(world, login, smtp)
    [sender] = mail.message["From"].addresses
    assert sender.display_name == "Testkommune via mentorplan"
    assert sender.addr_spec == "ikke-svar@mentorplan.testkommune.no"  # MAIL_FROM's address, which SPF allows
    assert str(mail.message["Reply-To"]) == REPLY_TO
    assert mail.subject == "Du er invitert til mentorplan"


def test_a_new_hire_reads_her_unit_her_mentor_and_what_mentorplan_is(mail_settings, app, world, login, smtp):
    mail = hire_invitation(world, login, smtp)
    with app.app_context():
        stored = db.session.scalar(select(User.invitation_expires_at).where(User.email == "kari.nordmann@test.no"))
        expires = stored.astimezone(OSLO).date()
    for text in (mail.part("plain"), mail.part("html")):
        assert "Hei Kari," in text
        assert "Testkommune har gitt deg en konto i mentorplan" in text
        assert "nyansatt ved Lade helse- og velferdssenter, Avdeling 1 fra 05.10.2026" in text
        assert "Mona Mentor" in text and "Morten Mentor er reservementor" in text
        assert "Hva er mentorplan?" in text and "opplæringsvakter sammen med mentor" in text
        assert f"til og med {expires:%d.%m.%Y}" in text  # the link's 14 days, as a date
        assert f"svaret til {REPLY_TO}" in text
        assert "Vi ber deg aldri om passordet ditt på e-post." in text
        assert "rollen" not in text  # a new hire has a mentorship, not a role
    plain = mail.part("plain")
    assert "Hilsen\nTestkommune\n" in plain and "Hilsen mentorplan" not in plain
    assert "/invitasjon/" in plain and "Lenken går til 127.0.0.1:5000" in plain
    assert '<a href="http://127.0.0.1:5000/invitasjon/' in mail.part("html")


def test_a_leader_reads_her_role_and_where_it_holds(mail_settings, app, world, login, smtp):
    mail = leader_invitation(app, world, login, smtp)
    plain, html = mail.part("plain"), mail.part("html")
    assert "Hei Live," in plain
    assert "Du har fått rollen Avdelingsleder (Lade helse- og velferdssenter, Avdeling 1)." in plain
    assert "<strong>Avdelingsleder</strong> (Lade helse- og velferdssenter, Avdeling 1)" in html
    assert "Mentoren din" not in plain and "Hva er mentorplan?" in plain
    assert mail.message["From"].addresses[0].display_name == "Testkommune via mentorplan"


def test_without_a_reply_address_the_mail_says_whom_to_ask(app, world, login, smtp):
    app.config.update(FIXED_TODAY=TODAY, MAIL_REPLY_TO=None)
    mail = hire_invitation(world, login, smtp)
    assert mail.message["Reply-To"] is None
    assert "Spørsmål? Spør lederen din; denne adressen tar ikke imot svar." in mail.part("plain")


def test_a_kommune_name_beyond_ascii_reaches_the_reader_intact(mail_settings, app, world, login, smtp):
    with app.app_context():
        db.session.get(Kommune, world.kommune_id).name = "Ås kommune"
        db.session.commit()
    mail = hire_invitation(world, login, smtp)
    assert mail.message["From"].addresses[0].display_name == "Ås kommune via mentorplan"
    assert "Hilsen\nÅs kommune" in mail.part("plain")


def test_a_person_with_several_roles_reads_them_all(mail_settings, app, world, login, smtp):
    with app.app_context():
        kommune = db.session.get(Kommune, world.kommune_id)
        person = factories.person(kommune, "Siv", "Sjef", email="siv@test.no", number="8302")
        db.session.commit()
        person_id = person.id
    admin = login(world.email("admin"))
    post_form(admin, f"/admin/kontoer/{person_id}", {"role": "hr", "scope": "kommune"}).close()
    smtp.handler.received.clear()
    # A second role for an account already invited sends nothing new; a new invitation names both.
    post_form(admin, f"/admin/kontoer/{person_id}", {"role": "mentor", "scope": f"unit:{world.unit_ids['a']}"}).close()
    assert smtp.to("siv@test.no") == []
    post_form(admin, f"/admin/kontoer/{person_id}/inviter", {}, f"/admin/kontoer/{person_id}").close()
    [mail] = smtp.to("siv@test.no")
    plain = mail.part("plain")
    assert "Du har fått disse rollene:\n- HR (Testkommune)\n- Mentor (Lade helse- og velferdssenter)\n" in plain
    with app.app_context():
        assert db.session.get(Person, person_id).email == "siv@test.no"
