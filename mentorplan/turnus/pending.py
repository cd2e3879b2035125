"""A file between the preview and its «Bekreft»: a leader's turnus file, and (`kind=STAFF`) the
staff file (people/views.py), which waits the same way.

The file waits in the database (`PendingUpload`), not on one server's disk, so that the
confirmation may reach any app server. The preview page carries a random token; only its SHA-256 is
stored. Only the user who uploaded may confirm, within the hour, and only once: two confirmations
at once (a double click, or two servers) take the file once between them. Uploads older than an
hour are deleted on each new upload and by the scheduler (`remove_stale`). Flushes; the caller
commits.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from mentorplan.extensions import db
from mentorplan.models import PendingUpload
from mentorplan.models.types import utcnow

LIFETIME = timedelta(hours=1)
TURNUS, STAFF = "turnus", "staff"


@dataclass(frozen=True)
class WaitingFile:
    file_name: str
    employee_number: str | None
    content: bytes


def store(user_id: int, kommune_id: int, file: WaitingFile, kind: str = TURNUS) -> str:
    """Keep the file for confirmation; returns the token for the preview page."""
    remove_stale()
    token = secrets.token_hex(32)
    db.session.add(PendingUpload(token_hash=_hash(token), user_id=user_id, kommune_id=kommune_id, kind=kind,
                                 file_name=file.file_name[:255], employee_number=file.employee_number,
                                 content=file.content))
    db.session.flush()
    return token


def claim(token: str | None, user_id: int, kind: str = TURNUS) -> WaitingFile | None:
    """The file the token names, taken for confirmation; None when it is not this user's, not of
    this kind, is older than an hour, or has been taken already.

    Taken by a conditional UPDATE: of two confirmations at once, PostgreSQL makes the second wait
    for the first and then finds `confirmed_at` set, and SQLite lets one writer in at a time, so
    only one of them gets the file. A rollback of the caller's transaction puts the file back."""
    upload = _find(token, user_id, kind)
    if upload is None or upload.confirmed_at is not None:
        return None
    waiting = WaitingFile(upload.file_name, upload.employee_number, upload.content)
    taken = db.session.execute(
        update(PendingUpload)
        .where(PendingUpload.id == upload.id, PendingUpload.confirmed_at.is_(None))
        .values(confirmed_at=utcnow(), content=b"")
        .execution_options(synchronize_session=False)).rowcount
    db.session.expire(upload)
    return waiting if taken == 1 else None


def was_confirmed(token: str | None, user_id: int, kind: str = TURNUS) -> bool:
    """Whether this user's upload was confirmed within the hour (the first of a double click)."""
    upload = _find(token, user_id, kind)
    return upload is not None and upload.confirmed_at is not None


def discard(token: str | None, user_id: int) -> None:
    """Forget the user's upload; someone else's token removes nothing."""
    if token:
        db.session.execute(delete(PendingUpload).where(PendingUpload.token_hash == _hash(token),
                                                       PendingUpload.user_id == user_id))


def remove_stale(now: datetime | None = None) -> int:
    """Delete every upload older than an hour, whoever made it; returns how many."""
    cutoff = (now or utcnow()) - LIFETIME
    return db.session.execute(delete(PendingUpload).where(PendingUpload.created_at < cutoff)).rowcount


def _find(token: str | None, user_id: int, kind: str) -> PendingUpload | None:
    if not token:
        return None
    return db.session.scalar(select(PendingUpload).where(
        PendingUpload.token_hash == _hash(token), PendingUpload.user_id == user_id, PendingUpload.kind == kind,
        PendingUpload.created_at >= utcnow() - LIFETIME))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
