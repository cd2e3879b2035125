"""Writing and searching the access log (tilgangslogg).

What is logged, and why (issue 23: a log that floods is a log no one reads):
- One entry per person, record, action and Oslo day, with a count. A page read again that day
  adds one to its entry's count; so does a second page showing the same record.
- Reading what is one's own is not logged: the mentee reading her own plan and notes, anyone
  their own record. The log answers «who else has seen this about me»; the person's own reads
  would bury the answer. Changes are logged whoever makes them (a mentee's own reflection too).
- A page logs the records it shows, not those it could have opened: the plan page logs a
  conversation only where it shows the conversation's own words (an open agreed action, a
  free-text topic), conversations/operations.py decides that where it builds what is shown.

A change is logged in the same transaction as the change itself, so it is kept exactly when the
change is. A read is kept even when the request changes nothing: during a request reads are
gathered and written at its end (`write_pending_reads`, after the view has committed or not), in
one statement; outside a request (commands, jobs) they join the unit of work.

Each write is an INSERT … ON CONFLICT DO UPDATE that adds to the count of the day's entry when
there is one. Two requests reading the same record at the same instant therefore neither fail on
the unique key nor lose a count: PostgreSQL makes the second wait for the first's row and then
updates it; SQLite has one writer at a time (ops/sqlite.py takes the write lock before the insert).
"""
from collections.abc import Iterable
from datetime import date

from flask import Flask, g, has_request_context, request
from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import aliased

from mentorplan.access import Viewer
from mentorplan.extensions import db
from mentorplan.models import AccessAction, AccessKind, AccessLogEntry, Person
from mentorplan.models.types import utcnow
from mentorplan.norwegian import OSLO

KEY = ("actor_id", "subject_id", "kind", "object_id", "action", "day")
_PENDING = "access_log_reads"  # in flask.g: the request's reads, by KEY
_ROWS_PER_STATEMENT = 500  # far below SQLite's limit on bound parameters (10 a row)
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
_LATER = {"postgresql": func.greatest, "sqlite": func.max}  # SQLite's max(a, b) is the scalar one


def _address() -> str | None:
    return request.remote_addr if has_request_context() else None


def _entry(actor_id: int | None, subject_id: int, kind: AccessKind, action: AccessAction, object_id: int) -> dict:
    moment = utcnow()
    return dict(actor_id=actor_id, subject_id=subject_id, kind=kind, action=action, object_id=object_id,
                at=moment, last_at=moment, day=moment.astimezone(OSLO).date(), count=1, address=_address())


def log_read(viewer: Viewer, kind: AccessKind, object_id: int, subject_id: int) -> None:
    """The viewer was shown the record; nothing is logged when it is the viewer's own."""
    log_reads(viewer, kind, [(object_id, subject_id)])


def log_reads(viewer: Viewer, kind: AccessKind, records: Iterable[tuple[int, int]]) -> None:
    """The viewer was shown each (object_id, subject_id) record, e.g. a list of people."""
    entries = [_entry(viewer.person_id, subject_id, kind, AccessAction.READ, object_id)
               for object_id, subject_id in records if subject_id != viewer.person_id]
    if not has_request_context():
        _record(entries)
        return
    pending = g.setdefault(_PENDING, {})
    for entry in entries:
        pending.setdefault(tuple(entry[k] for k in KEY), entry)  # once per record and request


def log_change(viewer: Viewer, kind: AccessKind, object_id: int, subject_id: int) -> None:
    _record([_entry(viewer.person_id, subject_id, kind, AccessAction.CHANGE, object_id)])


def log_grant(actor_id: int | None, kind: AccessKind, object_id: int, subject_id: int) -> None:
    """Access given (a role, a mentor for a mentee), in the same transaction as the grant; the actor
    is None when the operator's command gave it."""
    _record([_entry(actor_id, subject_id, kind, AccessAction.CHANGE, object_id)])


def _record(entries: list[dict]) -> None:
    """Add the entries to the session's transaction, each adding to the day's entry if there is one."""
    by_key: dict[tuple, dict] = {}
    for entry in entries:  # one row each: PostgreSQL refuses a statement updating a row twice
        key = tuple(entry[k] for k in KEY)
        earlier = by_key.get(key)
        by_key[key] = entry if earlier is None else {**earlier, "count": earlier["count"] + entry["count"],
                                                     "last_at": entry["last_at"]}
    if not by_key:
        return
    # Always in the same order, so that two requests writing overlapping entries lock their rows
    # in the same order and never deadlock on PostgreSQL.
    entries = [by_key[key] for key in sorted(by_key, key=lambda key: tuple(str(part) for part in key))]
    table = AccessLogEntry.__table__
    dialect = db.session.get_bind(mapper=AccessLogEntry.__mapper__).dialect.name
    for start in range(0, len(entries), _ROWS_PER_STATEMENT):
        statement = _INSERTS[dialect](table).values(entries[start:start + _ROWS_PER_STATEMENT])
        db.session.execute(statement.on_conflict_do_update(index_elements=[table.c[k] for k in KEY], set_={
            "count": table.c.count + statement.excluded.count,
            "last_at": _LATER[dialect](table.c.last_at, statement.excluded.last_at),
        }))


def write_pending_reads(response):
    """After the view: whatever it left uncommitted is dropped, and the reads are committed."""
    pending = g.pop(_PENDING, None)
    if pending:
        db.session.rollback()
        _record(list(pending.values()))
        db.session.commit()
    return response


def init_access_log(app: Flask) -> None:
    app.after_request(write_pending_reads)


# --- Searching ----------------------------------------------------------------------------

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
        query = query.where(AccessLogEntry.day >= from_day)
    if to_day is not None:
        query = query.where(AccessLogEntry.day <= to_day)
    # By the day's first time: the indexed column, and an entry read again later keeps its place.
    return query.order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())


def _matches(person, text: str):
    pattern = f"%{text.strip().lower()}%"
    return or_(func.lower(person.first_name + " " + person.last_name).like(pattern),
               person.employee_number == text.strip())
