"""One life for every secret link that acts for an account: the password reset, the invitation and
the confirmation of a new login address.

Each is 32 random bytes of which only the SHA-256 is stored, with the moment it runs out, and each
lives the same life (docs/security.md, "Secret links"):

- a new link of the same kind replaces the old one;
- it works once (`consume` is a conditional UPDATE, so of two requests racing only one wins);
- it dies when it runs out, when the account is deactivated, and when a password is set by any
  route (`User.set_password` calls `clear`);
- the reset and invitation links, sent to the old address, die when the login address changes;
- an invitation opens only an account that has no password yet; an address confirmation only an
  account with a change waiting.

Calendar feed tokens (feeds/tokens.py) are not links of this kind: they are read by calendar
programs for months. They die with deactivation and with a password reset (`end_secrets`).
"""
import enum
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from mentorplan.extensions import db
from mentorplan.feeds.tokens import revoke_all
from mentorplan.models import User
from mentorplan.models.types import utcnow

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64


class Link(enum.Enum):
    """Each kind of link, by the columns that hold its hash and the moment it runs out."""
    RESET = ("reset_token_hash", "reset_token_expires_at")
    INVITATION = ("invitation_token_hash", "invitation_expires_at")
    EMAIL = ("email_token_hash", "email_token_expires_at")

    @property
    def hash_column(self):
        return getattr(User, self.value[0])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def issue(user: User, link: Link, lifetime: timedelta) -> str:
    """A new link of the kind for the account, replacing any earlier one; the token, to be sent and
    forgotten. Flushes."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    setattr(user, link.value[0], token_hash(token))
    setattr(user, link.value[1], utcnow() + lifetime)
    db.session.flush()
    return token


def holder(link: Link, token: str) -> User | None:
    """The account a link belongs to while it works; None for a forged, used, replaced, expired or
    dead one (the account deactivated, a password already chosen, no change waiting)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    user = db.session.scalar(select(User).where(link.hash_column == token_hash(token)))
    if user is None or not user.is_active:
        return None
    expires = getattr(user, link.value[1])
    if expires is None or expires <= utcnow():
        return None
    if link is Link.INVITATION and user.password_hash:
        return None
    if link is Link.EMAIL and not user.pending_email:
        return None
    return user


def consume(user: User, link: Link, token: str) -> bool:
    """Take the link out of use, once: of two requests racing with the same link only one gets True."""
    result = db.session.execute(
        update(User).where(User.id == user.id, link.hash_column == token_hash(token))
        .values({link.value[0]: None, link.value[1]: None})
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    db.session.refresh(user)
    return True


def clear(user: User, *links: Link) -> None:
    """These links (all kinds when none is named) stop working; the account's other state stays."""
    if not links:
        user.end_links()
    for link in links:
        setattr(user, link.value[0], None)
        setattr(user, link.value[1], None)
        if link is Link.EMAIL:
            user.pending_email = None


def end_secrets(user: User) -> None:
    """Every link and every calendar feed of the account stops working (deactivation, a password
    reset by link). Flushes."""
    clear(user)
    revoke_all(user)
    db.session.flush()
