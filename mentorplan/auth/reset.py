"""Password reset by a time-limited, single-use link sent by e-mail.

The token is 32 random bytes; only its SHA-256 is stored, with the moment it runs out. One link per
account: a newer link replaces the older, and a new password (reset or changed) or a new e-mail
address clears it. A request does the same work whether the address has an account or not (a token
is made, a request is counted, the e-mail goes after the response), and is answered the same way.
"""
import secrets
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select

from mentorplan.auth.links import TOKEN_BYTES, Link, holder, token_hash
from mentorplan.auth.links import consume as consume_link
from mentorplan.auth.mail import account_message, send_after_response
from mentorplan.auth.throttle import is_throttled, record_failure
from mentorplan.extensions import db
from mentorplan.models import User
from mentorplan.models.types import utcnow

def request_reset(email: str, address: str) -> None:
    """Issue a link to the account with this address, if there is an active one and the requests
    are not throttled; the caller answers the same in every case. Commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    hashed = token_hash(token)
    throttled = is_throttled(email, address, "reset")
    record_failure(email, address, "reset")
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None and user.is_active and not throttled:
        minutes = current_app.config["PASSWORD_RESET_MINUTES"]
        user.reset_token_hash = hashed
        user.reset_token_expires_at = utcnow() + timedelta(minutes=minutes)
        db.session.commit()
        send_after_response(account_message(user.email, "Nytt passord i mentorplan", (
            f"Hei {user.person.first_name},\n\n"
            f"Noen (forhåpentlig du) har bedt om å sette nytt passord for {user.email} i mentorplan.\n"
            f"Velg nytt passord her innen {minutes} minutter:\n\n{reset_link(token)}\n\n"
            "Lenken virker én gang. Har du ikke bedt om dette, kan du se bort fra meldingen: "
            "passordet ditt er ikke endret.")))
    else:
        db.session.commit()


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
