"""Invitations: a person who gets a role or a mentorship gets an account and an e-mail (to a real
SMTP server) with a one-time link to choose a password; the admin's account list (/admin/kontoer)
invites again, deactivates and activates. Refusals for every role and for another kommune."""
import hashlib
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from mentorplan.auth.invitations import invitation_state, invite_new_accounts
from mentorplan.auth.mail import send_now
from mentorplan.extensions import db
from mentorplan.models import Person, Role, RoleAssignment, User
from mentorplan.models.types import utcnow
from mentorplan.web.redaction import redact
from tests import factories
from tests.hiring import hire_data
from tests.conftest import csrf_token, post_form

PASSWORD = "grønn lyng over fjellet"
LINK = re.compile(r"(https?://\S+/invitasjon/(\S+))")
DEAD = "Invitasjonen virker ikke"
STAFF = ("ansattnr;fornavn;etternavn;epost;stilling;enhet;avdeling;startdato;sluttdato;sluttaarsak;"
         "stillingsprosent;nyutdannet;mentor_ansattnr;roller\n"
         "7001;Siri;Sjef;siri@kommune.no;sykepleier;Byåsen;;2010-01-04;;;100;nei;;enhetsleder\n"
         "7002;Per;Post;per@kommune.no;sykepleier;Byåsen;Post 1;2011-01-03;;;100;nei;;avdelingsleder\n"
         "7003;Mette;Mentor;mette@kommune.no;sykepleier;Byåsen;Post 1;2012-01-02;;;100;nei;;mentor\n"
         "7004;Hilde;Hr;hilde@kommune.no;annet;Byåsen;;2013-01-07;;;100;nei;;hr\n"
         "7005;Nils;Ny;nils@kommune.no;sykepleier;Byåsen;Post 1;2026-11-02;;;100;ja;7003;\n"
         "7006;Uten;Rolle;uten@kommune.no;sykepleier;Byåsen;Post 1;2014-01-06;;;100;nei;;\n"
         "7007;Uten;Epost;;sykepleier;Byåsen;Post 1;2014-01-06;;;100;nei;;mentor\n")


# --- Helpers -----------------------------------------------------------------------------

def link_in(mail) -> tuple[str, str]:
    match = LINK.search(mail.part("plain"))
    assert match, mail.part("plain")
    return match.group(1), match.group(2)


def invitation_to(smtp, email) -> str:
    """The token of the one invitation sent to the address."""
    [mail] = smtp.to(email)
    assert mail.subject == "Du er invitert til mentorplan"
    return link_in(mail)[1]


def accept(app, token, password=PASSWORD, confirm=None):
    client = app.test_client()
    page = client.get(f"/invitasjon/{token}")
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True))
    response = client.post(f"/invitasjon/{token}", data={
        "new_password": password, "confirm": confirm or password,
        "csrf_token": match.group(1) if match else csrf_token(client, "/logg-inn")})
    return client, response


def can_log_in(app, email, password=PASSWORD) -> bool:
    client = app.test_client()
    response = client.post("/logg-inn", data={"email": email, "password": password,
                                              "csrf_token": csrf_token(client, "/logg-inn")})
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/"


def account(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def import_staff(runner, tmp_path, text=STAFF):
    path = tmp_path / "personal.csv"
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["import-staff", str(path), "--kommune", "Testkommune"])


def person_id(app, number: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.employee_number == number))


def new_person(app, world, number="8001", email="ny@test.no", role=Role.MENTOR) -> int:
    """A person in the world's kommune with a role and an invitation, as the import makes one."""
    with app.app_context():
        person = factories.person(db.session.get(Person, world.person_ids["admin"]).kommune, "Ny", "Person",
                                  email=email, number=number)
        db.session.flush()
        db.session.add(RoleAssignment(person=person, role=role, kommune_id=world.kommune_id,
                                      unit_id=world.unit_ids["a"]))
        db.session.flush()
        invitations = invite_new_accounts([person.id], date(2026, 9, 15))
        db.session.commit()
        for invitation in invitations:
            send_now(invitation.message())
        return person.id


def home_page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- From the staff file to a login, for each role ----------------------------------------

# What each role's menu shows that no other role's in the file does.
MENUS = {
    "siri@kommune.no": 'href="/enhet"',
    "per@kommune.no": 'href="/avdeling/"',
    "mette@kommune.no": 'href="/mine-menteer"',
    "hilde@kommune.no": 'href="/stabilitet',
    "nils@kommune.no": 'href="/min-plan"',
}


def test_the_staff_file_invites_everyone_with_a_role_or_a_mentorship(app, runner, smtp, tmp_path):
    result = import_staff(runner, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Kontoer: 5 nye, invitasjon sendt på e-post til 5 av 5." in result.stdout
    assert smtp.to("uten@kommune.no") == []  # no role, no mentorship: no login needed
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
    assert emails == set(MENUS)

    for email, menu in MENUS.items():
        token = invitation_to(smtp, email)
        client, response = accept(app, token)
        assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/"
        page = home_page(client)
        assert "Passordet er lagret, og du er logget inn" in page and menu in page
        assert can_log_in(app, email)


def test_reimporting_the_file_sends_no_second_invitation(app, runner, smtp, tmp_path):
    import_staff(runner, tmp_path)
    again = import_staff(runner, tmp_path)
    assert again.exit_code == 0 and "Kontoer" not in again.stdout
    assert len(smtp.to("mette@kommune.no")) == 1


def test_without_smtp_the_command_names_whom_the_invitation_did_not_reach(app, runner, tmp_path):
    result = import_staff(runner, tmp_path)
    assert result.exit_code == 0
    assert ("Kontoer: 5 nye, invitasjon sendt på e-post til 0 av 5. Ikke sendt til siri@kommune.no, "
            "per@kommune.no, mette@kommune.no, hilde@kommune.no, nils@kommune.no: send invitasjonen på nytt "
            "fra Kontoer (/admin/kontoer) når e-posten virker.") in result.stdout


def test_a_hire_registered_on_the_form_is_invited(app, world, login, smtp):
    app.config["FIXED_TODAY"] = date(2026, 9, 15)
    leader = login(world.email("avdelingsleder"))
    response = post_form(leader, "/avdeling/nyansatt", hire_data(world))
    response.close()  # the e-mail goes once the response is sent, as under a WSGI server
    assert response.status_code == 302
    flashed = leader.get(response.headers["Location"]).get_data(as_text=True)
    assert "Kari Nordmann får en invitasjon på e-post til å velge passord." in flashed
    token = invitation_to(smtp, "kari.nordmann@test.no")
    assert smtp.to(world.email("mentor")) == []  # the mentor has an account already
    client, response = accept(app, token)
    assert 'href="/min-plan"' in home_page(client)


def test_a_hire_without_an_address_gets_no_account(app, world, login, smtp):
    app.config["FIXED_TODAY"] = date(2026, 9, 15)
    leader = login(world.email("avdelingsleder"))
    response = post_form(leader, "/avdeling/nyansatt", hire_data(world, email=""))
    assert response.status_code == 302
    assert "invitasjon" not in leader.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).join(User.person).where(Person.employee_number == "90001")) is None


# --- The link ------------------------------------------------------------------------------

def test_the_link_works_once(app, world, smtp):
    new_person(app, world)
    token = invitation_to(smtp, "ny@test.no")
    stored = account(app, "ny@test.no")
    assert stored.invitation_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert stored.password_hash is None
    assert not can_log_in(app, "ny@test.no", "")  # no password yet: nothing logs in

    page = app.test_client().get(f"/invitasjon/{token}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Velkommen, Ny" in body and "ny@test.no" in body
    assert page.headers["Referrer-Policy"] == "strict-origin"
    accept(app, token)

    again = app.test_client().get(f"/invitasjon/{token}")
    assert again.status_code == 404 and DEAD in again.get_data(as_text=True)
    _, reused = accept(app, token, "en helt annen setning her")
    assert reused.status_code == 404
    assert can_log_in(app, "ny@test.no") and not can_log_in(app, "ny@test.no", "en helt annen setning her")


def test_the_link_runs_out(app, world, smtp):
    new_person(app, world)
    token = invitation_to(smtp, "ny@test.no")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ny@test.no"))
        assert user.invitation_expires_at - user.invited_at == timedelta(days=14)
        user.invitation_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    _, response = accept(app, token)
    assert response.status_code == 404 and DEAD in response.get_data(as_text=True)
    assert account(app, "ny@test.no").password_hash is None


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "A" * 500])
def test_forged_links_open_nothing(app, world, smtp, token):
    new_person(app, world)
    response = app.test_client().get(f"/invitasjon/{token}")
    assert response.status_code == 404


def test_the_password_follows_the_rules_and_a_refusal_keeps_the_link(app, world, smtp):
    new_person(app, world)
    token = invitation_to(smtp, "ny@test.no")
    _, short = accept(app, token, "kort")
    assert short.status_code == 200 and "minst 12 tegn" in short.get_data(as_text=True)
    _, unequal = accept(app, token, PASSWORD, confirm="noe annet enn passordet")
    assert "Passordene er ikke like." in unequal.get_data(as_text=True)
    _, right = accept(app, token)
    assert right.status_code == 302


def test_invitation_tokens_are_kept_out_of_the_logs():
    assert redact('"GET /invitasjon/abc_DEF-123 HTTP/1.1" 200') == '"GET /invitasjon/[skjult] HTTP/1.1" 200'


def test_an_address_another_account_has_gets_no_second_account(app, world, smtp):
    person = new_person(app, world, email=world.email("mentor"))
    with app.app_context():
        assert db.session.scalar(select(User).where(User.person_id == person)) is None
    assert smtp.to(world.email("mentor")) == []


# --- The admin's accounts ---------------------------------------------------------------

def test_the_admin_sees_each_account_and_its_state(app, world, login, smtp):
    new_person(app, world)
    with app.app_context():
        kommune = db.session.get(Person, world.person_ids["admin"]).kommune
        no_email = factories.person(kommune, "Uten", "Epost", email=None, number="8002")
        db.session.flush()
        db.session.add(RoleAssignment(person=no_email, role=Role.MENTOR, kommune=kommune, unit_id=world.unit_ids["a"]))
        db.session.scalar(select(User).where(User.email == world.email("mentor2"))).is_enabled = False
        db.session.commit()
    page = login(world.email("admin")).get("/admin/kontoer/").get_data(as_text=True)
    row = page[page.index("Person, Ny"):].split("</tr>")[0]
    assert "Invitert" in row and "Send ny invitasjon" in row and "Deaktiver" in row
    row = page[page.index("Epost, Uten"):].split("</tr>")[0]
    assert "Ingen konto" in row and "Mangler e-post" in row and "Send invitasjon" not in row
    row = page[page.index("Mentor, Morten"):].split("</tr>")[0]
    assert "Deaktivert" in row and "Aktiver" in row
    row = page[page.index("Mentor, Mona"):].split("</tr>")[0]
    assert "Aktiv" in row and "Mentor (Lade helse- og velferdssenter)" in row and "invitasjon" not in row
    row = page[page.index("Nytilsatt, Nina"):].split("</tr>")[0]
    assert "Nyansatt i mentorprogrammet" in row and "Aktiv" in row
    assert "Annen, Hege" not in page  # another kommune


def test_inviting_again_replaces_the_link(app, world, login, smtp):
    person = new_person(app, world)
    first = invitation_to(smtp, "ny@test.no")
    admin = login(world.email("admin"))
    response = post_form(admin, f"/admin/kontoer/{person}/inviter", {}, "/admin/kontoer/")
    response.close()
    assert response.status_code == 302
    assert "Invitasjonen er sendt til ny@test.no" in admin.get("/admin/kontoer/").get_data(as_text=True)
    mails = smtp.to("ny@test.no")
    assert len(mails) == 2
    _, old = accept(app, first)
    assert old.status_code == 404
    _, new = accept(app, link_in(mails[1])[1])
    assert new.status_code == 302


def test_inviting_someone_who_has_a_password_is_refused(app, world, login, smtp):
    admin = login(world.email("admin"))
    post_form(admin, f"/admin/kontoer/{world.person_ids['mentor']}/inviter", {}, "/admin/kontoer/")
    assert "har allerede valgt passord" in admin.get("/admin/kontoer/").get_data(as_text=True)
    assert smtp.to(world.email("mentor")) == []


def test_deactivating_ends_the_sessions_and_the_login(app, world, login):
    mentor = login(world.email("mentor"))
    admin = login(world.email("admin"))
    post_form(admin, f"/admin/kontoer/{world.person_ids['mentor']}/deaktiver", {}, "/admin/kontoer/")
    assert "er deaktivert og logget ut overalt" in admin.get("/admin/kontoer/").get_data(as_text=True)
    assert urlsplit(mentor.get("/").headers["Location"]).path == "/logg-inn"
    assert not can_log_in(app, world.email("mentor"), factories.PASSWORD)
    post_form(admin, f"/admin/kontoer/{world.person_ids['mentor']}/aktiver", {}, "/admin/kontoer/")
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)


def test_deactivating_a_pending_invitation_kills_its_link(app, world, login, smtp):
    person = new_person(app, world)
    token = invitation_to(smtp, "ny@test.no")
    post_form(login(world.email("admin")), f"/admin/kontoer/{person}/deaktiver", {}, "/admin/kontoer/")
    _, response = accept(app, token)
    assert response.status_code == 404


def test_the_admin_cannot_deactivate_their_own_account(app, world, login):
    admin = login(world.email("admin"))
    post_form(admin, f"/admin/kontoer/{world.person_ids['admin']}/deaktiver", {}, "/admin/kontoer/")
    assert "Du kan ikke deaktivere din egen konto." in admin.get("/admin/kontoer/").get_data(as_text=True)
    assert can_log_in(app, world.email("admin"), factories.PASSWORD)


@pytest.mark.parametrize("key", ["hr", "enhetsleder", "avdelingsleder", "mentor", "mentee"])
def test_only_the_admin_has_the_accounts_page(app, world, login, key):
    client = login(world.email(key))
    assert client.get("/admin/kontoer/").status_code == 403
    target = world.person_ids["mentee2"]
    for action in ("inviter", "deaktiver", "aktiver"):
        response = client.post(f"/admin/kontoer/{target}/{action}",
                               data={"csrf_token": csrf_token(client, "/profil")})
        assert response.status_code == 403
    assert 'href="/admin/kontoer/"' not in home_page(client)


def test_the_admin_cannot_touch_another_kommunes_accounts(app, world, login):
    admin = login(world.email("admin"))
    target = world.person_ids["mentor_other"]
    for action in ("inviter", "deaktiver", "aktiver"):
        response = admin.post(f"/admin/kontoer/{target}/{action}",
                              data={"csrf_token": csrf_token(admin, "/admin/kontoer/")})
        assert response.status_code == 404
    assert can_log_in(app, world.email("mentor_other"), factories.PASSWORD)


def test_the_states(app, world):
    with app.app_context():
        user = User(email="x@test.no", is_enabled=True)
        assert invitation_state(None) == "none"
        assert invitation_state(user) == "waiting"  # made, never invited
        user.invited_at = utcnow()
        assert invitation_state(user) == "expired"  # invited, the link gone
        user.invitation_expires_at = utcnow() + timedelta(days=1)
        assert invitation_state(user) == "invited"
        user.password_hash = "x"
        assert invitation_state(user) == "active"
        user.is_enabled = False
        assert invitation_state(user) == "deactivated"


def test_a_role_that_has_ended_is_no_reason_to_invite(app, world, smtp):
    """Only a role or a mentorship that has not ended makes an account."""
    with app.app_context():
        kommune = db.session.get(Person, world.person_ids["admin"]).kommune
        gone = factories.person(kommune, "Gikk", "Av", email="gikk@test.no", number="8003")
        db.session.flush()
        db.session.add(RoleAssignment(person=gone, role=Role.MENTOR, kommune=kommune, unit_id=world.unit_ids["a"],
                                      valid_to=date(2020, 1, 1)))
        db.session.flush()
        assert invite_new_accounts([gone.id], date(2026, 9, 15)) == []
        assert db.session.scalar(select(User).where(User.person_id == gone.id)) is None
