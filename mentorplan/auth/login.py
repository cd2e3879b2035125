"""Logging in, step by step: the password, then, when the account has a second factor, the code
from the authenticator app.

Each step takes what the person gave and answers with what comes next; the view turns the answer
into a page or a redirect and keeps the half-logged-in state (`pending_login`) in the session.
Nothing here knows of requests: the address and the time are given. Failed steps are counted
(auth/throttle.py) and a step that succeeds forgets the account's count. Flushes; the caller commits,
a refused step too, so that it is counted.
"""
import enum
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from mentorplan.auth.passwords import verify_dummy
from mentorplan.auth.throttle import forget_failures, is_throttled, record_failure
from mentorplan.auth.totp import accept_code
from mentorplan.extensions import db
from mentorplan.models import User


class Step(enum.Enum):
    THROTTLED = "throttled"    # too many failures: refused without looking
    REFUSED = "refused"        # wrong password (or no such active account), or a wrong code
    NEEDS_CODE = "needs_code"  # the password is right; the second factor comes next
    LOGGED_IN = "logged_in"    # the password is right and no code is needed: the caller starts the session
    ACCEPTED = "accepted"      # the code is right (and now used up)


@dataclass(frozen=True)
class Attempt:
    step: Step
    user: User | None = None


def give_password(email: str, password: str, address: str) -> Attempt:
    user = db.session.scalar(select(User).where(User.email == email))
    if is_throttled(email, address):
        return Attempt(Step.THROTTLED)
    if not _password_matches(user, password) or not user.is_active:
        record_failure(email, address)
        return Attempt(Step.REFUSED)
    forget_failures(email)
    return Attempt(Step.NEEDS_CODE if user.totp_enabled else Step.LOGGED_IN, user)


def _password_matches(user: User | None, password: str) -> bool:
    """An address without an account costs one password check too (a dummy hash), so that the time
    an answer takes does not tell which addresses have accounts."""
    if user is None:
        return verify_dummy(password, current_app.config["PASSWORD_HASH_METHOD"])
    return user.check_password(password)


def pending_login(user: User, remember: bool, next_path: str | None, now: float) -> dict:
    """The half-logged-in state, kept in the session between the password and the code. It grants
    nothing else, ends after TOTP_LOGIN_MINUTES, and ends when the account's sessions are ended."""
    return {"user": user.id, "version": user.session_version or 0, "remember": remember,
            "until": now + current_app.config["TOTP_LOGIN_MINUTES"] * 60, "next": next_path}


def pending_user(state, now: float) -> User | None:
    """The account a pending login is for, or None when the state is missing, tampered with,
    stale, or the account has changed since (deactivated, second factor off, sessions ended)."""
    if not isinstance(state, dict) or not isinstance(state.get("user"), int):
        return None
    user = db.session.get(User, state["user"])
    fresh = isinstance(state.get("until"), (int, float)) and state["until"] > now
    if (user is None or not fresh or not user.is_active or not user.totp_enabled
            or (user.session_version or 0) != state.get("version")):
        return None
    return user


def give_code(user: User, code: str, address: str) -> Step:
    """A code from the account's authenticator app: at login, and on the account page before the
    second factor is turned on or off. A right code is used up (auth/totp.py)."""
    if is_throttled(user.email, address, "totp"):
        return Step.THROTTLED
    if not accept_code(user, code):
        record_failure(user.email, address, "totp")
        return Step.REFUSED
    forget_failures(user.email, "totp")
    return Step.ACCEPTED
