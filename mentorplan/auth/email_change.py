"""A new login address is confirmed from the new address before it takes effect.

The account holder asks for the change on /profil/e-post (with the current password); the new
address waits on the account (`pending_email`) and gets a one-time link (auth/links.py, kind EMAIL,
EMAIL_CHANGE_HOURS). Following it makes the change: the reset and invitation links sent to the old
address die, and the old address is told. Until then nothing changes, so a typing error or a
stolen session cannot move the login, and its reset mails, to an address the person does not hold.
Operations flush; the caller commits and then sends the message returned.
"""
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select

from mentorplan.auth.links import Link, clear, consume, issue
from mentorplan.auth.mail import account_message
from mentorplan.clock import now
from mentorplan.extensions import db
from mentorplan.models import User


class EmailChangeError(ValueError):
    """Why the address cannot be used, in words for the form."""


def address_taken(address: str, user: User) -> bool:
    return db.session.scalar(select(User.id).where(User.email == address, User.id != user.id)) is not None


def request_change(user: User, address: str) -> EmailMessage:
    """Keep the new address waiting and return the message with its link, to be sent to it. Flushes."""
    if address == user.email:
        raise EmailChangeError("Dette er e-postadressen du har nå.")
    if address_taken(address, user):
        raise EmailChangeError("E-postadressen brukes allerede av en annen konto.")
    hours = current_app.config["EMAIL_CHANGE_HOURS"]
    token = issue(user, Link.EMAIL, timedelta(hours=hours))
    user.pending_email = address
    db.session.flush()
    return account_message(address, "Bekreft ny e-postadresse i mentorplan", (
        f"Hei {user.person.first_name},\n\n"
        f"Du har bedt om å logge inn i mentorplan med {address}. Logg inn som vanlig og bekreft at "
        f"adressen er din innen {hours} timer:\n\n{confirmation_link(token)}\n\n"
        "Lenken virker én gang. Har du ikke bedt om dette, kan du se bort fra meldingen: "
        "ingenting endres uten at lenken brukes."))


def confirmation_link(token: str) -> str:
    """From BASE_URL, never from the request's Host header (which the requester controls)."""
    path = current_app.url_map.bind("localhost").build("auth.confirm_email", {"token": token})
    return current_app.config["BASE_URL"].rstrip("/") + path


def confirm(user: User, token: str) -> EmailMessage | None:
    """Make the waiting change, once; the message to the old address, or None when the link was
    used already (a double click). Raises EmailChangeError when the address was taken meanwhile.
    Flushes."""
    new = user.pending_email
    if not consume(user, Link.EMAIL, token):
        return None
    if address_taken(new, user):
        clear(user, Link.EMAIL)
        raise EmailChangeError("E-postadressen brukes allerede av en annen konto.")
    old, user.email, user.pending_email = user.email, new, None
    clear(user, Link.RESET, Link.INVITATION)  # sent to the old address
    db.session.flush()
    return account_message(old, "E-postadressen din i mentorplan er endret", (
        f"Hei {user.person.first_name},\n\n"
        f"E-postadressen for innloggingen din i mentorplan ble endret fra {old} til {new} "
        f"{now():%d.%m.%Y kl. %H:%M}.\n\n"
        "Var det ikke deg, kontakt administratoren i kommunen med en gang."))
