"""Sessions the server can revoke: a copied session or remember-me cookie stops working after
logout, a new password or deactivation; idle and absolute timeouts; a new session at login;
remember-me off by default and never longer than 30 days."""
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import User
from tests import factories
from tests.app.test_access import is_login_redirect
from tests.conftest import csrf_token

PAGE = "/mine-menteer"


def log_in(app, email, remember=False):
    client = app.test_client()
    data = {"email": email, "password": factories.PASSWORD, "csrf_token": csrf_token(client, "/logg-inn")}
    if remember:
        data["remember"] = "y"
    assert client.post("/logg-inn", data=data).status_code == 302
    return client


def copy_of(app, client, name="session"):
    """Another browser holding a copy of one of the client's cookies (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie(name, client.get_cookie(name).value)
    return thief


def change_user(app, email, change):
    with app.app_context():
        change(db.session.scalar(select(User).where(User.email == email)))
        db.session.commit()


def test_a_copied_session_works_until_the_owner_logs_out(app, world):
    owner = log_in(app, world.email("mentor"))
    thief = copy_of(app, owner)
    assert thief.get(PAGE).status_code == 200
    owner.post("/logg-ut", data={"csrf_token": csrf_token(owner, "/")})
    assert is_login_redirect(thief.get(PAGE))
    assert is_login_redirect(owner.get(PAGE))


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, world):
    owner = log_in(app, world.email("mentor"), remember=True)
    stolen = owner.get_cookie("remember_token").value
    thief = copy_of(app, owner, "remember_token")
    assert thief.get(PAGE).status_code == 200
    owner.post("/logg-ut", data={"csrf_token": csrf_token(owner, "/")})
    assert is_login_redirect(thief.get(PAGE))
    late_thief = app.test_client()
    late_thief.set_cookie("remember_token", stolen)
    assert is_login_redirect(late_thief.get(PAGE))


def test_a_new_password_ends_every_session(app, world):
    owner = log_in(app, world.email("mentor"), remember=True)
    session_copy, remember_copy = copy_of(app, owner), copy_of(app, owner, "remember_token")
    change_user(app, world.email("mentor"), lambda u: u.set_password("et-helt-nytt-passord"))
    for client in (owner, session_copy, remember_copy):
        assert is_login_redirect(client.get(PAGE))


def test_deactivation_ends_every_session_and_remember_me(app, world):
    owner = log_in(app, world.email("mentor"), remember=True)
    remember_copy = copy_of(app, owner, "remember_token")
    change_user(app, world.email("mentor"), lambda u: setattr(u, "is_enabled", False))
    change_user(app, world.email("mentor"), lambda u: setattr(u, "is_enabled", True))
    assert is_login_redirect(owner.get(PAGE))
    assert is_login_redirect(remember_copy.get(PAGE))


def test_logging_out_elsewhere_does_not_spare_other_devices_and_login_works_again(app, world):
    phone, laptop = log_in(app, world.email("mentor")), log_in(app, world.email("mentor"))
    phone.post("/logg-ut", data={"csrf_token": csrf_token(phone, "/")})
    assert is_login_redirect(laptop.get(PAGE))
    assert log_in(app, world.email("mentor")).get(PAGE).status_code == 200


def test_login_starts_a_new_session(app, world):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/logg-inn", data={"email": world.email("mentor"), "password": factories.PASSWORD,
                                   "csrf_token": csrf_token(client, "/logg-inn")})
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"]


def test_an_idle_session_ends(app, world):
    client = log_in(app, world.email("mentor"))
    assert client.get(PAGE).status_code == 200
    with client.session_transaction() as session:
        session["seen"] = time.time() - 31 * 60
    assert is_login_redirect(client.get(PAGE))


def test_an_active_session_ends_after_the_absolute_limit(app, world):
    client = log_in(app, world.email("mentor"))
    with client.session_transaction() as session:
        session["since"] = time.time() - 13 * 3600
    assert is_login_redirect(client.get(PAGE))


def test_remember_me_is_off_by_default_and_lasts_at_most_30_days(app, world):
    assert log_in(app, world.email("mentor")).get_cookie("remember_token") is None
    page = app.test_client().get("/logg-inn").get_data(as_text=True)
    assert 'name="remember"' in page and "checked" not in page
    cookie = log_in(app, world.email("mentor"), remember=True).get_cookie("remember_token")
    assert cookie.expires <= datetime.now(UTC) + timedelta(days=30, minutes=1)


def test_an_old_style_session_without_a_version_is_refused(app, world):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(world.person_ids["mentor"])
        session["_fresh"] = True
    assert is_login_redirect(client.get(PAGE))


def test_the_idle_warning_puts_off_the_logout(app, world):
    client = log_in(app, world.email("mentor"))
    page = client.get(PAGE).get_data(as_text=True)
    assert 'id="okt-varsel"' in page and 'data-idle-seconds="1800"' in page and "js/session.js" in page
    with client.session_transaction() as session:
        session["seen"] = time.time() - 29 * 60
    response = client.post("/hold-innlogget", data={"csrf_token": csrf_token(client, PAGE)})
    assert response.status_code == 204 and response.get_data() == b""
    with client.session_transaction() as session:
        assert time.time() - session["seen"] < 60
    with client.session_transaction() as session:
        session["seen"] = time.time() - 29 * 60  # 29 more minutes: 58 since the page, still logged in
    assert client.get(PAGE).status_code == 200


def test_the_idle_warning_cannot_revive_an_ended_session_or_skip_csrf(app, world):
    client = log_in(app, world.email("mentor"))
    token = csrf_token(client, PAGE)
    assert client.post("/hold-innlogget").status_code == 400  # no CSRF token
    with client.session_transaction() as session:
        session["seen"] = time.time() - 31 * 60
    assert is_login_redirect(client.post("/hold-innlogget", data={"csrf_token": token}))
    assert is_login_redirect(client.get(PAGE))
    anonymous = app.test_client().get("/logg-inn").get_data(as_text=True)
    assert 'id="okt-varsel"' not in anonymous and "js/session.js" not in anonymous
