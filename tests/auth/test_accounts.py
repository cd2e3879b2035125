"""Accounts: password reset by a time-limited single-use e-mail link (sent to a real SMTP server),
changing one's password and e-mail address behind the current password, TOTP as a second factor for
admin and HR, and a login to an unknown address costing one password check like a wrong password."""
import hashlib
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import FailedLogin, User
from mentorplan.models.types import utcnow
from mentorplan.web.redaction import redact
from tests import factories
from tests.conftest import csrf_token

NEW_PASSWORD = "blå fjord vinter kaffe"
LINK = re.compile(r"(https?://\S+/nytt-passord/(\S+))")
SENT = "Hvis adressen hører til en konto i mentorplan, får du snart en e-post"
DEAD_LINK = "Lenken virker ikke."


# --- Helpers -----------------------------------------------------------------------------

def account(app, email) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def update_account(app, email, **values) -> None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        for name, value in values.items():
            setattr(user, name, value)
        db.session.commit()


def ask_for_link(app, email, address="127.0.0.1", client=None, **kwargs):
    """Post the «Glemt passord» form; the e-mail goes when the response is closed, as a WSGI server does."""
    client = client or app.test_client()
    response = client.post("/glemt-passord", environ_base={"REMOTE_ADDR": address}, data={
        "email": email, "csrf_token": csrf_token(client, "/glemt-passord")}, **kwargs)
    body = response.get_data(as_text=True)
    response.close()
    return response, body


def link_in(received) -> tuple[str, str]:
    match = LINK.search(received.part("plain"))
    assert match, received.part("plain")
    return match.group(1), match.group(2)


def reset_path(token: str) -> str:
    return f"/nytt-passord/{token}"


def set_new_password(app, token, password=NEW_PASSWORD, confirm=None):
    client = app.test_client()
    form = client.get(reset_path(token)).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    token_field = match.group(1) if match else csrf_token(client, "/logg-inn")
    return client.post(reset_path(token), data={"new_password": password, "confirm": confirm or password,
                                                "csrf_token": token_field})


def can_log_in(app, email, password) -> bool:
    client = app.test_client()
    response = client.post("/logg-inn", data={"email": email, "password": password,
                                              "csrf_token": csrf_token(client, "/logg-inn")})
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/"


def post_page(client, url, data, form_url=None):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url or url)})


def is_logged_out(client) -> bool:
    response = client.get("/profil")
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/logg-inn"


# --- 1. Password reset by e-mail link ----------------------------------------------------

def test_the_login_page_links_to_the_forgotten_password_page(app, world):
    client = app.test_client()
    assert 'href="/glemt-passord"' in client.get("/logg-inn").get_data(as_text=True)
    page = client.get("/glemt-passord")
    assert page.status_code == 200 and "Glemt passord" in page.get_data(as_text=True)


def test_the_link_arrives_by_e_mail_and_sets_a_new_password_once(app, world, login, smtp):
    email = world.email("mentor")
    other_device = login(email)
    response, body = ask_for_link(app, email)
    assert response.status_code == 200 and SENT in body
    [mail] = smtp.to(email)
    assert mail.subject == "Nytt passord i mentorplan"
    url, token = link_in(mail)
    assert url.startswith(app.config["BASE_URL"])
    stored = account(app, email)
    assert stored.reset_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (stored.reset_token_hash or "")

    page = app.test_client().get(reset_path(token))
    assert page.status_code == 200 and 'name="new_password"' in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "strict-origin"

    done = set_new_password(app, token)
    assert done.status_code == 302 and urlsplit(done.headers["Location"]).path == "/logg-inn"
    assert account(app, email).reset_token_hash is None
    assert can_log_in(app, email, NEW_PASSWORD)
    assert not can_log_in(app, email, factories.PASSWORD)
    assert is_logged_out(other_device)  # every session ended

    again = app.test_client().get(reset_path(token))
    assert again.status_code == 404 and DEAD_LINK in again.get_data(as_text=True)
    reused = set_new_password(app, token, "en helt annen setning")
    assert reused.status_code == 404
    assert can_log_in(app, email, NEW_PASSWORD)


def test_the_answer_is_the_same_for_known_and_unknown_addresses(app, world, smtp):
    known_response, known = ask_for_link(app, world.email("mentor"), address="10.0.0.1")
    unknown_response, unknown = ask_for_link(app, "ingen-slik@test.no", address="10.0.0.2")
    assert (known_response.status_code, known) == (unknown_response.status_code, unknown)
    assert SENT in known
    assert len(smtp.to(world.email("mentor"))) == 1 and smtp.to("ingen-slik@test.no") == []
    with app.app_context():  # the same work: both requests are counted
        kinds = db.session.execute(select(FailedLogin.email, FailedLogin.kind)).all()
    assert sorted(kinds) == [("ingen-slik@test.no", "reset"), ("mentor@test.no", "reset")]


def test_a_deactivated_account_gets_no_link(app, world, smtp):
    update_account(app, world.email("mentor"), is_enabled=False)
    _, body = ask_for_link(app, world.email("mentor"))
    assert SENT in body and smtp.received == []


def test_an_expired_link_is_refused(app, world, smtp):
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    assert app.test_client().get(reset_path(token)).status_code == 200
    update_account(app, world.email("mentor"), reset_token_expires_at=utcnow() - timedelta(seconds=1))
    page = app.test_client().get(reset_path(token))
    assert page.status_code == 404 and DEAD_LINK in page.get_data(as_text=True)
    assert set_new_password(app, token).status_code == 404
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)


def test_links_last_thirty_minutes(app, world, smtp):
    before = utcnow()
    ask_for_link(app, world.email("mentor"))
    expires = account(app, world.email("mentor")).reset_token_expires_at
    assert timedelta(minutes=29) < expires - before <= timedelta(minutes=30, seconds=5)


@pytest.mark.parametrize("token", ["x", "A" * 43, "a" * 500, "%00", "..%5C..%5Cetc", "<script>"])
def test_forged_links_are_refused(app, world, smtp, token):
    ask_for_link(app, world.email("mentor"))  # a real link exists, and is not this one
    page = app.test_client().get(reset_path(token))
    assert page.status_code == 404 and DEAD_LINK in page.get_data(as_text=True)
    assert set_new_password(app, token).status_code == 404
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)


def test_a_newer_link_replaces_the_older(app, world, smtp):
    email = world.email("mentor")
    ask_for_link(app, email)
    ask_for_link(app, email)
    first, second = (link_in(mail)[1] for mail in smtp.to(email))
    assert first != second
    assert app.test_client().get(reset_path(first)).status_code == 404
    assert app.test_client().get(reset_path(second)).status_code == 200


def test_a_new_password_set_otherwise_ends_the_link(app, world, smtp):
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    with app.app_context():
        db.session.scalar(select(User).where(User.email == world.email("mentor"))).set_password("noe annet og langt")
        db.session.commit()
    assert app.test_client().get(reset_path(token)).status_code == 404


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("kort", None, "Passordet må ha minst 12 tegn."),
    ("passord12345", None, "Passordet er for vanlig eller lett å gjette."),
    (NEW_PASSWORD, "noe annet helt", "Passordene er ikke like."),
])
def test_the_new_password_follows_the_rules(app, world, smtp, password, confirm, message):
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    response = set_new_password(app, token, password, confirm)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)
    assert app.test_client().get(reset_path(token)).status_code == 200  # not used up by a refusal


def test_requests_are_throttled_per_account_and_address(app, world, smtp):
    app.config.update(RESET_REQUESTS_PER_ACCOUNT=2, RESET_REQUESTS_PER_ADDRESS=3)
    for _ in range(3):
        _, body = ask_for_link(app, world.email("mentor"), address="10.0.0.9")
        assert SENT in body
    assert len(smtp.to(world.email("mentor"))) == 2
    ask_for_link(app, "ingen@test.no", address="10.0.0.8")
    _, body = ask_for_link(app, world.email("mentee"), address="10.0.0.9")  # fourth from this address
    assert SENT in body and smtp.to(world.email("mentee")) == []
    ask_for_link(app, world.email("mentee"), address="10.0.0.7")
    assert len(smtp.to(world.email("mentee"))) == 1


def test_the_link_is_made_from_base_url_not_the_host_header(app, world, smtp):
    app.config["BASE_URL"] = "https://mentor.kommune.no"
    client = app.test_client()
    token = csrf_token(client, "/glemt-passord")
    client.post("/glemt-passord", headers={"Host": "evil.example"},
                data={"email": world.email("mentor"), "csrf_token": token}).close()
    mails = smtp.to(world.email("mentor"))
    if mails:  # a CSRF check bound to the host may refuse the forged Host; then nothing is sent at all
        assert link_in(mails[0])[0].startswith("https://mentor.kommune.no/nytt-passord/")
        assert "evil.example" not in mails[0].part("plain")
    ask_for_link(app, world.email("mentee"))
    assert link_in(smtp.to(world.email("mentee"))[0])[0].startswith("https://mentor.kommune.no/nytt-passord/")


def test_without_smtp_no_link_is_sent_or_kept(app, world):
    _, body = ask_for_link(app, world.email("mentor"))
    assert SENT in body
    from mentorplan.models import Notification
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_reset_tokens_are_kept_out_of_the_logs():
    assert redact('"GET /nytt-passord/abc_DEF-123 HTTP/1.1" 200') == '"GET /nytt-passord/[skjult] HTTP/1.1" 200'


def test_the_reset_pages_need_a_csrf_token(app, world, smtp):
    client = app.test_client()
    response = client.post("/glemt-passord", data={"email": world.email("mentor")})
    response.close()
    assert response.status_code == 400 and smtp.received == []


# --- 2. Changing one's password and e-mail address ---------------------------------------

def test_changing_the_password_needs_the_current_one(app, world, login):
    client = login(world.email("mentor"))
    before = account(app, world.email("mentor")).password_hash
    response = post_page(client, "/profil/passord", {"current_password": "feil-passord-her",
                                                     "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 200 and "Passordet stemmer ikke." in response.get_data(as_text=True)
    assert account(app, world.email("mentor")).password_hash == before
    with app.app_context():  # counted as a failed login
        assert db.session.scalar(select(func.count()).select_from(FailedLogin)
                                 .where(FailedLogin.email == world.email("mentor"))) == 1


def test_a_new_password_ends_other_sessions_but_not_this_one(app, world, login):
    client, other = login(world.email("mentor")), login(world.email("mentor"))
    response = post_page(client, "/profil/passord", {"current_password": factories.PASSWORD,
                                                     "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/profil"
    assert client.get("/profil").status_code == 200
    assert is_logged_out(other)
    assert can_log_in(app, world.email("mentor"), NEW_PASSWORD)
    assert not can_log_in(app, world.email("mentor"), factories.PASSWORD)


@pytest.mark.parametrize(("new", "confirm", "message"), [
    ("kort", "kort", "Passordet må ha minst 12 tegn."),
    ("sykepleier2026", "sykepleier2026", "Passordet er for vanlig eller lett å gjette."),
    (NEW_PASSWORD, "noe annet", "Passordene er ikke like."),
    ("", "", "Skriv inn et nytt passord."),
])
def test_the_changed_password_follows_the_rules(app, world, login, new, confirm, message):
    client = login(world.email("mentor"))
    response = post_page(client, "/profil/passord", {"current_password": factories.PASSWORD,
                                                     "new_password": new, "confirm": confirm})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)


def test_wrong_current_passwords_are_throttled(app, world, login):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    client = login(world.email("mentor"))
    for _ in range(3):
        post_page(client, "/profil/passord", {"current_password": "feil-passord-her",
                                              "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    response = post_page(client, "/profil/passord", {"current_password": factories.PASSWORD,
                                                     "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "For mange mislykkede innlogginger" in response.get_data(as_text=True)
    assert not can_log_in(app, world.email("mentor"), NEW_PASSWORD)


CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CONFIRM_LINK = re.compile(r"https?://\S+(/profil/e-post/bekreft/(\S+))")


def ask_for_new_address(client, address="ny.adresse@test.no"):
    response = post_page(client, "/profil/e-post", {"email": f" {address.title()} ",
                                                     "current_password": factories.PASSWORD})
    response.close()
    return response


def confirm_address(app, smtp, address="ny.adresse@test.no", client=None):
    [mail] = smtp.to(address)
    path = CONFIRM_LINK.search(mail.part("plain")).group(1)
    client = client or app.test_client()
    match = CSRF_FIELD.search(client.get(path).get_data(as_text=True))  # a dead link's page has no form
    response = client.post(path, data={"csrf_token": match.group(1) if match else csrf_token(client, "/glemt-passord")})
    response.close()
    return response


def test_a_new_address_is_used_only_once_confirmed_from_it(app, world, login, smtp):
    client = login(world.email("mentor"))
    response = ask_for_new_address(client)
    assert response.status_code == 302
    [mail] = smtp.to("ny.adresse@test.no")
    assert mail.subject == "Bekreft ny e-postadresse i mentorplan"
    # Nothing has changed yet: the login is the old address, and the old address is not told.
    assert account(app, world.email("mentor")).pending_email == "ny.adresse@test.no"
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)
    assert not can_log_in(app, "ny.adresse@test.no", factories.PASSWORD)
    assert smtp.to(world.email("mentor")) == []
    # The link shows a page with a button; opening it (a mail scanner) changes nothing.
    path = CONFIRM_LINK.search(mail.part("plain")).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Bekreft ny.adresse@test.no" in page.get_data(as_text=True)
    assert account(app, world.email("mentor")).email == world.email("mentor")
    assert world.email("mentor") not in mail.part("plain")  # a mistyped address learns nothing of the account
    assert confirm_address(app, smtp, client=client).status_code == 302
    [told] = smtp.to(world.email("mentor"))
    assert told.subject == "E-postadressen din i mentorplan er endret"
    assert "ny.adresse@test.no" in told.part("plain")
    assert can_log_in(app, "ny.adresse@test.no", factories.PASSWORD)
    assert not can_log_in(app, world.email("mentor"), factories.PASSWORD)
    assert client.get("/profil").status_code == 200
    # The link worked once.
    assert app.test_client().get(path).status_code == 404


@pytest.mark.parametrize("who", [None, "mentee"])
def test_only_the_account_holder_confirms_and_the_page_names_no_one(app, world, login, smtp, who):
    """Whoever holds the new address's mail (a mistyped address) is asked to log in as the account;
    logged out or logged in as someone else, the link changes nothing and names no one."""
    ask_for_new_address(login(world.email("mentor")))
    stranger = login(world.email(who)) if who else app.test_client()
    response = confirm_address(app, smtp, client=stranger)
    body = response.get_data(as_text=True)
    assert response.status_code == 403 and "Logg inn først" in body
    assert "Mona" not in body and world.email("mentor") not in body
    assert account(app, world.email("mentor")).email == world.email("mentor")


def test_an_unconfirmed_change_gives_no_login_to_the_new_address(app, world, login, smtp):
    """Before issue 20 the address changed at once: a typing error or a stolen session moved the
    login, and the reset mails with it, to an address the person does not hold."""
    ask_for_new_address(login(world.email("mentor")), "angriper@test.no")
    ask_for_link(app, "angriper@test.no")
    assert [m.subject for m in smtp.to("angriper@test.no")] == ["Bekreft ny e-postadresse i mentorplan"]
    assert account(app, world.email("mentor")).email == world.email("mentor")


def test_a_confirmed_change_ends_the_links_sent_to_the_old_address(app, world, login, smtp):
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    mentor = login(world.email("mentor"))
    ask_for_new_address(mentor)
    assert confirm_address(app, smtp, client=mentor).status_code == 302
    assert app.test_client().get(reset_path(token)).status_code == 404


def test_an_address_taken_before_confirmation_is_refused_then(app, world, login, smtp):
    mentor = login(world.email("mentor"))
    ask_for_new_address(mentor, "ledig@test.no")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == world.email("mentee"))).email = "ledig@test.no"
        db.session.commit()
    response = confirm_address(app, smtp, "ledig@test.no", client=mentor)
    assert response.status_code == 409
    assert "E-postadressen brukes allerede av en annen konto." in response.get_data(as_text=True)
    assert account(app, world.email("mentor")).pending_email is None
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)


@pytest.mark.parametrize(("email", "password", "message"), [
    ("ny@test.no", "feil-passord-her", "Passordet stemmer ikke."),
    ("mentee@test.no", factories.PASSWORD, "E-postadressen brukes allerede av en annen konto."),
    ("MENTEE@test.no", factories.PASSWORD, "E-postadressen brukes allerede av en annen konto."),
    ("mentor@test.no", factories.PASSWORD, "Dette er e-postadressen du har nå."),
    ("ikke-en-adresse", factories.PASSWORD, "Skriv inn en gyldig e-postadresse."),
    ("", factories.PASSWORD, "Skriv inn e-postadressen."),
])
def test_a_refused_e_mail_change_changes_nothing(app, world, login, smtp, email, password, message):
    client = login(world.email("mentor"))
    response = post_page(client, "/profil/e-post", {"email": email, "current_password": password})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert account(app, world.email("mentor")).person_id == world.person_ids["mentor"]
    assert smtp.received == []


def test_the_profile_links_to_the_account_pages(app, world, login):
    mentor = login(world.email("mentor")).get("/profil").get_data(as_text=True)
    assert 'href="/profil/passord"' in mentor and 'href="/profil/e-post"' in mentor
    assert 'href="/profil/totp"' not in mentor
    for key in ("admin", "hr"):
        assert 'href="/profil/totp"' in login(world.email(key)).get("/profil").get_data(as_text=True)


# --- 3. TOTP for admin and HR ------------------------------------------------------------

def code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enrol(app, client, email) -> str:
    """Set up TOTP through the pages; the secret."""
    assert post_page(client, "/profil/totp/ny", {}, "/profil/totp").status_code == 302
    secret = account(app, email).totp_secret
    response = post_page(client, "/profil/totp/bekreft", {"current_password": factories.PASSWORD,
                                                          "code": code(secret)}, "/profil/totp")
    assert response.status_code == 302
    return secret


def password_step(app, email, password=factories.PASSWORD):
    client = app.test_client()
    response = client.post("/logg-inn?next=/personer/", data={
        "email": email, "password": password, "csrf_token": csrf_token(client, "/logg-inn")})
    return client, response


def give_code(client, value):
    return client.post("/logg-inn/kode", data={"code": value, "csrf_token": csrf_token(client, "/logg-inn/kode")})


def test_enrolment_shows_the_secret_and_needs_a_confirmed_code(app, world, login):
    email = world.email("admin")
    client, other = login(email), login(email)
    page = client.get("/profil/totp").get_data(as_text=True)
    assert "Sett opp tofaktorinnlogging" in page and account(app, email).totp_secret is None
    assert client.get("/profil/totp").status_code == 200 and account(app, email).totp_secret is None  # GET changes nothing
    post_page(client, "/profil/totp/ny", {}, "/profil/totp")
    user = account(app, email)
    assert user.totp_secret and not user.totp_enabled
    response = client.get("/profil/totp")
    page = response.get_data(as_text=True)
    assert user.totp_secret in page and "otpauth://totp/" in page and "<svg" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # the QR code is SVG, no inline script
    assert response.headers["Referrer-Policy"] == "strict-origin"

    wrong = post_page(client, "/profil/totp/bekreft", {"current_password": factories.PASSWORD, "code": "000000"},
                      "/profil/totp")
    assert wrong.status_code == 200 and "Koden stemmer ikke" in wrong.get_data(as_text=True)
    no_password = post_page(client, "/profil/totp/bekreft", {"current_password": "feil-passord-her",
                                                             "code": code(user.totp_secret)}, "/profil/totp")
    assert "Passordet stemmer ikke." in no_password.get_data(as_text=True)
    assert not account(app, email).totp_enabled

    right = post_page(client, "/profil/totp/bekreft", {"current_password": factories.PASSWORD,
                                                       "code": code(user.totp_secret)}, "/profil/totp")
    assert right.status_code == 302 and account(app, email).totp_enabled
    assert client.get("/profil").status_code == 200 and is_logged_out(other)


def test_login_asks_for_the_code_after_the_password(app, world, login):
    email = world.email("hr")
    secret = enrol(app, login(email), email)
    client, response = password_step(app, email)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/logg-inn/kode"
    # Half logged in: nothing else is open.
    for page in ("/profil", "/personer/", "/"):
        assert urlsplit(client.get(page).headers.get("Location", "")).path == "/logg-inn", page
    wrong = give_code(client, "123456")
    assert wrong.status_code == 200 and "Koden stemmer ikke" in wrong.get_data(as_text=True)
    right = give_code(client, code(secret, 1))
    assert right.status_code == 302 and right.headers["Location"] == "/personer/"
    assert client.get("/personer/").status_code == 200

    # The same code again, in another login, is refused, and so is an older one still in the window.
    again, _ = password_step(app, email)
    assert "Koden stemmer ikke" in give_code(again, code(secret, 1)).get_data(as_text=True)
    assert "Koden stemmer ikke" in give_code(again, code(secret, 0)).get_data(as_text=True)
    assert is_logged_out(again)


def test_a_wrong_password_never_reaches_the_code_page(app, world, login):
    email = world.email("hr")
    enrol(app, login(email), email)
    client, response = password_step(app, email, "feil-passord-her")
    assert response.status_code == 200 and "Feil e-post eller passord." in response.get_data(as_text=True)
    assert urlsplit(client.get("/logg-inn/kode").headers["Location"]).path == "/logg-inn"


def test_the_code_page_without_a_password_sends_to_login(app, world):
    response = app.test_client().get("/logg-inn/kode")
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/logg-inn"


def test_the_half_logged_in_state_runs_out(app, world, login):
    email = world.email("hr")
    secret = enrol(app, login(email), email)
    app.config["TOTP_LOGIN_MINUTES"] = 0
    client, _ = password_step(app, email)
    response = client.post("/logg-inn/kode", data={"code": code(secret, 1),
                                                   "csrf_token": csrf_token(client, "/logg-inn")})
    assert urlsplit(response.headers["Location"]).path == "/logg-inn"
    assert is_logged_out(client)


def test_code_attempts_are_throttled(app, world, login):
    app.config["TOTP_FAILURES_PER_ACCOUNT"] = 3
    email = world.email("admin")
    secret = enrol(app, login(email), email)
    client, _ = password_step(app, email)
    for _ in range(3):
        give_code(client, "000000")
    response = give_code(client, code(secret, 1))
    assert "For mange feil koder" in response.get_data(as_text=True)
    assert is_logged_out(client)


def test_switching_off_needs_the_password_and_a_code(app, world, login):
    email = world.email("admin")
    client = login(email)
    secret = enrol(app, client, email)
    for password, value in ((factories.PASSWORD, "000000"), ("feil-passord-her", code(secret, 1))):
        response = post_page(client, "/profil/totp/av", {"current_password": password, "code": value}, "/profil/totp")
        assert response.status_code == 200
        assert account(app, email).totp_enabled
    response = post_page(client, "/profil/totp/av", {"current_password": factories.PASSWORD,
                                                     "code": code(secret, 1)}, "/profil/totp")
    assert response.status_code == 302
    user = account(app, email)
    assert not user.totp_enabled and user.totp_secret is None
    _, login_response = password_step(app, email)
    assert login_response.headers["Location"] == "/personer/"


@pytest.mark.parametrize("key", ["mentor", "mentee", "enhetsleder", "avdelingsleder"])
def test_other_roles_are_not_offered_totp(app, world, login, key):
    client = login(world.email(key))
    assert client.get("/profil/totp").status_code == 403
    assert post_page(client, "/profil/totp/ny", {}, "/profil").status_code == 403
    assert post_page(client, "/profil/totp/bekreft", {"current_password": factories.PASSWORD, "code": "000000"},
                     "/profil").status_code == 403
    assert account(app, world.email(key)).totp_secret is None


def test_a_reset_password_still_needs_the_code(app, world, login, smtp):
    email = world.email("admin")
    enrol(app, login(email), email)
    ask_for_link(app, email)
    _, token = link_in(smtp.to(email)[0])
    set_new_password(app, token)
    _, response = password_step(app, email, NEW_PASSWORD)
    assert urlsplit(response.headers["Location"]).path == "/logg-inn/kode"


# --- 4. Equal login timing ---------------------------------------------------------------

@pytest.fixture
def argon2_checks(app, world, monkeypatch):
    """Real argon2id hashes, and a count of every argon2 verification."""
    app.config["PASSWORD_HASH_METHOD"] = "argon2id"
    with app.app_context():
        for user in db.session.scalars(select(User).where(User.email.in_([world.email("mentor"),
                                                                          world.email("mentee")]))):
            user.set_password(factories.PASSWORD)
        db.session.commit()
    calls = []
    real = PasswordHasher.verify

    def counting(self, stored, password):
        calls.append(stored[:10])
        return real(self, stored, password)
    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


def test_an_unknown_address_costs_one_argon2_check_like_a_wrong_password(app, world, argon2_checks):
    update_account(app, world.email("mentee"), is_enabled=False)
    for email in ("ingen-slik@test.no", world.email("mentor"), world.email("mentee")):
        argon2_checks.clear()
        client, response = password_step(app, email, "feil-passord-her")
        assert "Feil e-post eller passord." in response.get_data(as_text=True)
        assert argon2_checks == ["$argon2id$"], email
    argon2_checks.clear()
    assert password_step(app, world.email("mentor"))[1].status_code == 302
    assert argon2_checks == ["$argon2id$"]


def test_an_admin_switches_off_a_lost_second_factor_from_the_command_line(app, world, login, runner):
    email = world.email("hr")
    phone = login(email)
    enrol(app, phone, email)
    result = runner.invoke(args=["totp-off", email.upper()])
    assert result.exit_code == 0 and "slått av" in result.output
    user = account(app, email)
    assert not user.totp_enabled and user.totp_secret is None and user.totp_last_step is None
    assert is_logged_out(phone)  # the lost phone's session ends too
    client, response = password_step(app, email)
    assert response.status_code == 302 and response.headers["Location"] == "/personer/"

    again = runner.invoke(args=["totp-off", email])
    assert again.exit_code == 0 and "ingenting endret" in again.output
    unknown = runner.invoke(args=["totp-off", "ingen@demo.no"])
    assert unknown.exit_code != 0 and "Fant ingen bruker" in unknown.output
