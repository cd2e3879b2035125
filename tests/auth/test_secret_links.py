"""One life for every secret link (auth/links.py; the table in docs/security.md, "Secret links").

Each test is a row of that table. The first four were account takeovers before issue 20: an old
invitation mail set a new password on an account that had chosen one through «Glemt passord»,
logged straight in without the second factor, and outlived a password and an address change; a
calendar feed link outlived deactivation and a password reset."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mentorplan.auth.links import Link, consume, holder, issue, token_hash
from mentorplan.extensions import db
from mentorplan.models import CalendarToken, User
from mentorplan.models.types import utcnow
from tests import factories
from tests.auth.test_accounts import (
    NEW_PASSWORD,
    ask_for_link,
    ask_for_new_address,
    confirm_address,
    is_logged_out,
    link_in,
    post_page,
    reset_path,
    set_new_password,
)
from tests.auth.test_invitations import accept, account, can_log_in, invitation_to, new_person
from tests.feeds.test_calendar import feed_link

TAKEN_OVER = "en ny setning fra angriperen"


def _invited_then_reset(app, world, smtp) -> str:
    """A person invited who chose her password through «Glemt passord» instead; the old invitation's token."""
    new_person(app, world)
    invitation = invitation_to(smtp, "ny@test.no")
    ask_for_link(app, "ny@test.no")
    [reset_mail] = [m for m in smtp.to("ny@test.no") if m.subject == "Nytt passord i mentorplan"]
    assert set_new_password(app, link_in(reset_mail)[1]).status_code == 302
    return invitation


# --- Invitations ---------------------------------------------------------------------------

def test_an_old_invitation_dies_when_a_password_is_chosen_another_way(app, world, smtp):
    token = _invited_then_reset(app, world, smtp)
    assert app.test_client().get(f"/invitasjon/{token}").status_code == 404
    client, response = accept(app, token, TAKEN_OVER)
    assert response.status_code == 404 and is_logged_out(client)
    assert can_log_in(app, "ny@test.no", NEW_PASSWORD) and not can_log_in(app, "ny@test.no", TAKEN_OVER)


def test_an_invitation_never_opens_an_account_that_has_a_password(app, world, smtp):
    """Even a link still stored (from before the fix, or from a race) is refused by the account's state."""
    new_person(app, world)
    token = invitation_to(smtp, "ny@test.no")
    with app.app_context():
        db.session.scalar(select(User).where(User.email == "ny@test.no")).set_password(NEW_PASSWORD)
        user = db.session.scalar(select(User).where(User.email == "ny@test.no"))
        user.invitation_token_hash, user.invitation_expires_at = token_hash(token), utcnow() + timedelta(days=1)
        db.session.commit()
        assert holder(Link.INVITATION, token) is None
    _, response = accept(app, token, TAKEN_OVER)
    assert response.status_code == 404 and not can_log_in(app, "ny@test.no", TAKEN_OVER)


def test_accepting_an_invitation_asks_for_the_second_factor_like_a_login(app, world, smtp):
    new_person(app, world)
    token = invitation_to(smtp, "ny@test.no")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ny@test.no"))
        user.totp_secret, user.totp_enabled = "JBSWY3DPEHPK3PXP", True
        db.session.commit()
    client, response = accept(app, token)
    assert response.status_code == 302 and response.headers["Location"] == "/logg-inn/kode"
    assert is_logged_out(client)
    assert "Skriv inn koden fra appen din" in client.get("/logg-inn/kode").get_data(as_text=True)


def test_a_confirmed_address_change_ends_an_invitation(app, world, login, smtp):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.email("mentor")))
        issue(user, Link.INVITATION, timedelta(days=14))
        db.session.commit()
    mentor = login(world.email("mentor"))
    ask_for_new_address(mentor)
    assert confirm_address(app, smtp, client=mentor).status_code == 302
    assert account(app, "ny.adresse@test.no").invitation_token_hash is None


# --- Reset links ------------------------------------------------------------------------------

def test_a_reset_link_dies_when_the_password_is_changed_on_the_profile(app, world, login, smtp):
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    client = login(world.email("mentor"))
    post_page(client, "/profil/passord", {"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD,
                                          "confirm": NEW_PASSWORD})
    assert app.test_client().get(reset_path(token)).status_code == 404


def test_deactivation_ends_every_link_and_activation_brings_none_back(app, world, login, smtp):
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    mentor = login(world.email("mentor"))
    feed = feed_link(mentor)
    ask_for_new_address(mentor)
    admin = login(world.email("admin"))
    person = world.person_ids["mentor"]
    for action in ("deaktiver", "aktiver"):
        response = post_page(admin, f"/admin/kontoer/{person}/{action}", {}, f"/admin/kontoer/{person}")
        assert response.status_code == 302, action
    assert app.test_client().get(reset_path(token)).status_code == 404
    assert app.test_client().get(feed).status_code == 404
    assert confirm_address(app, smtp).status_code == 404
    assert can_log_in(app, world.email("mentor"), factories.PASSWORD)  # the account itself works again


# --- Address confirmations -----------------------------------------------------------------------

def test_an_address_confirmation_dies_when_a_password_is_set(app, world, login, smtp):
    ask_for_new_address(login(world.email("mentor")))
    ask_for_link(app, world.email("mentor"))
    [reset_mail] = [m for m in smtp.to(world.email("mentor")) if m.subject == "Nytt passord i mentorplan"]
    set_new_password(app, link_in(reset_mail)[1])
    assert confirm_address(app, smtp).status_code == 404
    assert account(app, world.email("mentor")).pending_email is None


def test_an_address_confirmation_runs_out(app, world, login, smtp):
    ask_for_new_address(login(world.email("mentor")))
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.email("mentor")))
        user.email_token_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert confirm_address(app, smtp).status_code == 404
    assert account(app, world.email("mentor")).email == world.email("mentor")


# --- Calendar feeds ----------------------------------------------------------------------------

def test_a_password_reset_ends_the_calendar_feeds(app, world, login, smtp):
    mentor = login(world.email("mentor"))
    feeds = [feed_link(mentor), feed_link(mentor, "shifts")]
    assert all(app.test_client().get(feed).status_code == 200 for feed in feeds)
    ask_for_link(app, world.email("mentor"))
    set_new_password(app, link_in(smtp.to(world.email("mentor"))[0])[1])
    assert [app.test_client().get(feed).status_code for feed in feeds] == [404, 404]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CalendarToken).where(
            CalendarToken.user_id == account(app, world.email("mentor")).id)) == 0


def test_a_password_changed_on_the_profile_keeps_the_feeds(app, world, login):
    """A deliberate difference: the person is logged in and chose to change it; her calendar
    subscriptions keep working (she can make new feed links on the profile if she wants)."""
    mentor = login(world.email("mentor"))
    feed = feed_link(mentor)
    post_page(mentor, "/profil/passord", {"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD,
                                          "confirm": NEW_PASSWORD})
    assert app.test_client().get(feed).status_code == 200


@pytest.mark.parametrize("link", list(Link))
def test_every_kind_works_once_and_a_newer_one_replaces_it(app, world, link):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.email("mentor")))
        if link is Link.INVITATION:
            user.password_hash = None
        if link is Link.EMAIL:
            user.pending_email = "annen@test.no"
        first = issue(user, link, timedelta(hours=1))
        assert holder(link, first) is user
        second = issue(user, link, timedelta(hours=1))
        assert holder(link, first) is None and holder(link, second) is user
        assert consume(user, link, second) and not consume(user, link, second)
        assert holder(link, second) is None


def test_a_link_page_posts_over_https_with_the_origin_its_policy_lets_the_browser_send(app, world, smtp):
    """Behind HTTPS, Flask-WTF refuses a POST without a Referer (WTF_CSRF_SSL_STRICT). The link pages
    used to send `no-referrer`, so a browser sent none and the reset form answered 400; with
    `strict-origin` it sends the origin only, never the token."""
    ask_for_link(app, world.email("mentor"))
    _, token = link_in(smtp.to(world.email("mentor"))[0])
    client = app.test_client()
    page = client.get(reset_path(token), base_url="https://localhost")
    assert page.headers["Referrer-Policy"] == "strict-origin"
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    data = {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf}
    response = client.post(reset_path(token), base_url="https://localhost", data=data,
                           headers={"Referer": "https://localhost/"})
    assert response.status_code == 302 and can_log_in(app, world.email("mentor"), NEW_PASSWORD)
