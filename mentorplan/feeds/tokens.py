"""Secret feed tokens: long and random, shown once, stored only as a SHA-256, compared in constant time.

A new token for the same feed replaces the old one, which then answers 404 like any unknown
token. The token is the only credential a calendar client has, so it is never logged (see
`redaction.py`) and the pages that show it send no Referer.
"""
import hashlib
import hmac
import re
import secrets

from sqlalchemy import delete, select

from mentorplan.extensions import db
from mentorplan.models import CalendarToken, FeedKind, User, Ward

# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(user: User, kind: FeedKind, ward: Ward | None = None) -> str:
    """A new token for the feed, revoking any earlier one; the caller shows it once and commits."""
    revoke(user, kind, ward)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarToken(user=user, kind=kind, ward=ward, token_hash=hash_token(token)))
    db.session.flush()
    return token


def revoke(user: User, kind: FeedKind, ward: Ward | None = None) -> None:
    db.session.execute(delete(CalendarToken).where(
        CalendarToken.user_id == user.id, CalendarToken.kind == kind,
        CalendarToken.ward_id == ward.id if ward is not None else CalendarToken.ward_id.is_(None)))
    db.session.flush()


def revoke_all(user: User) -> None:
    """Every feed of the account stops (deactivation, a password reset): a feed link copied by someone
    else dies with the account's other secrets, and re-activation does not bring it back."""
    db.session.execute(delete(CalendarToken).where(CalendarToken.user_id == user.id))
    db.session.flush()


def find(token: str) -> CalendarToken | None:
    if not TOKEN_SHAPE.fullmatch(token):
        return None
    digest = hash_token(token)
    entry = db.session.scalar(select(CalendarToken).where(CalendarToken.token_hash == digest))
    if entry is None or not hmac.compare_digest(entry.token_hash, digest):
        return None
    return entry


def user_tokens(user: User) -> dict[tuple[FeedKind, int | None], CalendarToken]:
    rows = db.session.scalars(select(CalendarToken).where(CalendarToken.user_id == user.id))
    return {(t.kind, t.ward_id): t for t in rows}
