"""The login steps (auth/login.py) without a request: what each answer is, what is counted, and
which half-logged-in states are refused. The pages built on them are tested in test_accounts.py
and test_sessions.py."""
import time

import pyotp
import pytest
from sqlalchemy import func, select

from mentorplan.auth.login import (
    Step,
    give_code,
    give_password,
    pending_login,
    pending_user,
)
from mentorplan.auth.totp import new_secret
from mentorplan.extensions import db
from mentorplan.models import FailedLogin, User
from tests import factories

ADDRESS = "192.0.2.7"


def user_of(world, key) -> User:
    return db.session.scalar(select(User).where(User.email == world.email(key)))


def failures(kind="login") -> int:
    return db.session.scalar(select(func.count()).select_from(FailedLogin).where(FailedLogin.kind == kind))


def with_second_factor(user: User) -> str:
    user.totp_secret, user.totp_enabled = new_secret(), True
    db.session.flush()
    return user.totp_secret


def test_a_right_password_logs_in_and_forgets_earlier_failures(ctx, world):
    assert give_password(world.email("mentor"), "feil passord", ADDRESS).step is Step.REFUSED
    assert failures() == 1
    attempt = give_password(world.email("mentor"), factories.PASSWORD, ADDRESS)
    assert attempt.step is Step.LOGGED_IN and attempt.user == user_of(world, "mentor")
    assert failures() == 0


@pytest.mark.parametrize("email", ["mentor@test.no", "ingen@test.no"])
def test_a_wrong_password_and_an_unknown_address_get_the_same_refusal(ctx, world, email):
    attempt = give_password(email, "feil passord", ADDRESS)
    assert attempt == give_password(email, "feil passord", ADDRESS)
    assert attempt.step is Step.REFUSED and attempt.user is None
    assert failures() == 2


def test_a_deactivated_account_is_refused_with_its_right_password(ctx, world):
    user_of(world, "mentor").is_enabled = False
    assert give_password(world.email("mentor"), factories.PASSWORD, ADDRESS).step is Step.REFUSED


def test_after_five_failures_even_the_right_password_is_not_looked_at(ctx, world):
    for _ in range(5):
        give_password(world.email("mentor"), "feil passord", ADDRESS)
    assert give_password(world.email("mentor"), factories.PASSWORD, ADDRESS).step is Step.THROTTLED
    assert failures() == 5  # the refused look is not counted again
    assert give_password(world.email("hr"), factories.PASSWORD, ADDRESS).step is Step.LOGGED_IN


def test_an_account_with_a_second_factor_needs_the_code_next(ctx, world):
    with_second_factor(user_of(world, "hr"))
    attempt = give_password(world.email("hr"), factories.PASSWORD, ADDRESS)
    assert attempt.step is Step.NEEDS_CODE and attempt.user == user_of(world, "hr")


def test_a_code_is_accepted_once_and_wrong_codes_are_counted_then_throttled(ctx, world):
    user = user_of(world, "hr")
    secret = with_second_factor(user)
    assert give_code(user, "12345", ADDRESS) is Step.REFUSED
    assert failures("totp") == 1
    right = pyotp.TOTP(secret).now()
    assert give_code(user, right, ADDRESS) is Step.ACCEPTED
    assert failures("totp") == 0
    assert give_code(user, right, ADDRESS) is Step.REFUSED  # used up
    for _ in range(4):
        give_code(user, "12345", ADDRESS)
    assert give_code(user, pyotp.TOTP(secret).at(time.time() + 30), ADDRESS) is Step.THROTTLED


def test_the_pending_state_names_the_account_until_it_expires(app, ctx, world):
    user = user_of(world, "hr")
    with_second_factor(user)
    state = pending_login(user, remember=True, next_path="/personer/", now=1000.0)
    assert state["remember"] is True and state["next"] == "/personer/"
    assert pending_user(state, 1000.0) == user
    minutes = app.config["TOTP_LOGIN_MINUTES"]
    assert pending_user(state, 1000.0 + minutes * 60 - 1) == user
    assert pending_user(state, 1000.0 + minutes * 60) is None


@pytest.mark.parametrize("change", [
    lambda user: setattr(user, "is_enabled", False),
    lambda user: setattr(user, "totp_enabled", False),
    lambda user: user.end_sessions(),
], ids=["deactivated", "second-factor-off", "sessions-ended"])
def test_a_pending_state_ends_when_the_account_changes(ctx, world, change):
    user = user_of(world, "hr")
    with_second_factor(user)
    state = pending_login(user, remember=False, next_path=None, now=time.time())
    change(user)
    db.session.flush()
    assert pending_user(state, time.time()) is None


@pytest.mark.parametrize("state", [
    None, "hr", [], {}, {"user": "1"}, {"user": 1}, {"user": 1, "until": "never", "version": 0},
    {"user": 10 ** 9, "until": 10 ** 12, "version": 0},
])
def test_a_missing_or_tampered_pending_state_names_no_account(ctx, world, state):
    with_second_factor(user_of(world, "hr"))
    assert pending_user(state, time.time()) is None
