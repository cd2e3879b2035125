"""Writing and searching the access log (tilgangslogg).

A change is logged in the same transaction as the change itself, so it is kept exactly when
the change is. A read is kept even when the request changes nothing: during a request reads
are gathered and written at its end (`write_pending_reads`, after the view has committed or
not), once per record and request; outside a request (commands, jobs) they join the session
and are committed with the unit of work.
"""
from datetime import UTC, date, datetime, time, timedelta

from flask import Flask, g, has_request_context, request
from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import aliased

from mentorplan.access import Viewer
from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, Person


def _address() -> str | None:
    return request.remote_addr if has_request_context() else None


def _values(viewer: Viewer, kind: AccessKind, action: AccessAction, object_id: int, subject_id: int) -> dict:
    return dict(actor_id=viewer.person_id, subject_id=subject_id, kind=kind, action=action,
                object_id=object_id, address=_address())


def log_read(viewer: Viewer, kind: AccessKind, object_id: int, subject_id: int) -> None:
    values = _values(viewer, kind, AccessAction.READ, object_id, subject_id)
    if not has_request_context():
        db.session.add(AccessLogEntry(**values))
        return
    g.setdefault("access_log_reads", {}).setdefault((kind, object_id, viewer.person_id), values)


def log_change(viewer: Viewer, kind: AccessKind, object_id: int, subject_id: int) -> None:
    db.session.add(AccessLogEntry(**_values(viewer, kind, AccessAction.CHANGE, object_id, subject_id)))


def log_grant(actor_id: int | None, kind: AccessKind, object_id: int, subject_id: int) -> None:
    """Access given (a role, a mentor for a mentee), in the same transaction as the grant; the actor
    is None when the operator's command gave it."""
    db.session.add(AccessLogEntry(actor_id=actor_id, subject_id=subject_id, kind=kind, action=AccessAction.CHANGE,
                                  object_id=object_id, address=_address()))


def write_pending_reads(response):
    """After the view: whatever it left uncommitted is dropped, and the reads are committed."""
    pending = g.pop("access_log_reads", None)
    if pending:
        db.session.rollback()
        # One statement however many records the page read (a mentor's page reads many notes).
        db.session.execute(insert(AccessLogEntry), list(pending.values()))
        db.session.commit()
    return response


def init_access_log(app: Flask) -> None:
    app.after_request(write_pending_reads)


# --- Searching ----------------------------------------------------------------------------

def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), OSLO).astimezone(UTC)


def search(clause, *, subject: str = "", actor: str = "", from_day: date | None = None,
           to_day: date | None = None):
    """A select of entries within `clause` (access.py's), newest first. `subject` and `actor` match
    a name or an exact employee number; days are Oslo days, both inclusive."""
    actor_person = aliased(Person)
    query = (select(AccessLogEntry).join(Person, Person.id == AccessLogEntry.subject_id)
             .outerjoin(actor_person, actor_person.id == AccessLogEntry.actor_id).where(clause))
    if subject:
        query = query.where(_matches(Person, subject))
    if actor:
        query = query.where(_matches(actor_person, actor))
    if from_day is not None:
        query = query.where(AccessLogEntry.at >= _start_of(from_day))
    if to_day is not None:
        query = query.where(AccessLogEntry.at < _start_of(to_day + timedelta(days=1)))
    return query.order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())


def _matches(person, text: str):
    pattern = f"%{text.strip().lower()}%"
    return or_(func.lower(person.first_name + " " + person.last_name).like(pattern),
               person.employee_number == text.strip())
