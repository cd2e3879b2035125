"""Password reset by a time-limited, single-use link sent by e-mail.

The token is 32 random bytes; only its SHA-256 is stored, with the moment it runs out. One link per
account: a newer link replaces the older, and a new password (reset or changed) or a new e-mail
address clears it.

A request is answered the same way whether the address has an account or not, and after the same
work, so that its timing tells next to nothing (security issue 20: a real account's answer came
about 1.5 times later): a token is made, a request counted, the account looked up, a message built
and the same UPDATE run, which changes no row when there is no link to issue; the e-mail goes after
the response. What is left is the cost of the row that UPDATE writes (about 0.2 ms, bench/README.md),
and the throttle lets only RESET_REQUESTS_PER_ACCOUNT requests a window write it.
tests/auth/test_reset_same_work.py compares the SQL; bench/reset_timing.py measures the time.
"""
import secrets
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app, url_for
from sqlalchemy import select, update

from mentorplan.auth.links import TOKEN_BYTES, Link, holder, token_hash
from mentorplan.auth.links import consume as consume_link
from mentorplan.auth.mail import account_message, send_after_response
from mentorplan.auth.throttle import is_throttled, record_failure
from mentorplan.extensions import db
from mentorplan.models import Person, User
from mentorplan.models.types import utcnow

NO_ACCOUNT = 0  # no account has this id: the UPDATE for an address without a link to issue changes no row


def request_reset(email: str, address: str) -> None:
    """Issue a link to the account with this address, if there is an active one and the requests
    are not throttled; the caller answers the same in every case, after the same statements and the
    same message built. Commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    throttled = is_throttled(email, address, "reset")
    record_failure(email, address, "reset")
    # Columns, not a User: loading an ORM object for a real account only would be work the other case
    # does not do. (User.is_active is is_enabled.)
    account = db.session.execute(select(User.id, User.is_enabled, Person.first_name).join(User.person)
                                 .where(User.email == email)).first()
    message = reset_message(email, account.first_name if account else "", token, minutes)
    issue = account is not None and account.is_enabled and not throttled
    issued = db.session.execute(
        update(User).where(User.id == (account.id if issue else NO_ACCOUNT))
        .values(reset_token_hash=token_hash(token), reset_token_expires_at=utcnow() + timedelta(minutes=minutes))
        .execution_options(synchronize_session=False)).rowcount == 1
    db.session.commit()
    if issued:
        send_after_response(message)


def reset_message(address: str, first_name: str, token: str, minutes: int) -> EmailMessage:
    return account_message(address, "Nytt passord i mentorplan", (
        f"Hei {first_name},\n\n"
        f"Noen (forhåpentlig du) har bedt om å sette nytt passord for {address} i mentorplan.\n"
        f"Velg nytt passord her innen {minutes} minutter:\n\n{reset_link(token)}\n\n"
        "Lenken virker én gang. Har du ikke bedt om dette, kan du se bort fra meldingen: "
        "passordet ditt er ikke endret."))


def reset_link(token: str) -> str:
    """From BASE_URL, never from the request's Host header (which the requester controls)."""
    path = url_for("auth.reset_password", token=token)
    return current_app.config["BASE_URL"].rstrip("/") + path


def user_for_token(token: str) -> User | None:
    """The account a link belongs to while it is valid; None for a forged, used, replaced or expired one."""
    return holder(Link.RESET, token)


def consume(user: User, token: str) -> bool:
    """Take the link out of use, once: of two requests racing with the same link only one gets True."""
    return consume_link(user, Link.RESET, token)
