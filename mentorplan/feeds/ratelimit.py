"""The rate limit of the public calendar feeds, counted in the database.

Calendar clients poll a feed every hour or so; anything near a request a second is a script
guessing tokens. The count lives in the database (`RequestCount`), as the login throttle's does, so
that the limit holds across every worker process and every app server behind the load balancer: a
count kept in each worker's memory lets a guesser through as many times faster as there are workers.

Each client (address) has one row per clock minute. The limit is the sliding-window counter: this
minute's hits plus the previous minute's, weighted by how much of that minute still lies within
the last sixty seconds. A request is counted with one upsert (INSERT … ON CONFLICT DO UPDATE …
RETURNING), atomic on PostgreSQL and SQLite alike: two workers counting the same client at once
each get their own total, neither meets a unique violation, and the request that takes the count
over the limit is the one refused. A client already over the limit is refused on a read alone, so
a script that keeps asking costs no writes. Rows older than the previous minute are never read
again; they are deleted when a client's first request in a minute makes a new row, and by the
scheduler (`prune`).
"""
import time
from functools import wraps

from flask import abort, current_app, request
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from mentorplan.extensions import db
from mentorplan.models import RequestCount

MINUTE = 60


def allow(scope: str, client: str, limit: int, now: float | None = None) -> bool:
    """Count one request of `client` at `now` (Unix seconds) unless it is over the limit; flushes."""
    now = time.time() if now is None else now
    minute, client = int(now // MINUTE), client[:64]
    previous, current = _hits(scope, client, minute)
    carried = previous * (1 - (now % MINUTE) / MINUTE)
    if carried + current + 1 > limit:
        return False
    current = _count(scope, client, minute)
    if current == 1:  # a new row: the time to forget the minutes nobody reads any more
        prune(minute)
    return carried + current <= limit


def prune(minute: int | None = None) -> int:
    """Delete the counts older than the minute before `minute` (default: now); returns how many."""
    minute = int(time.time() // MINUTE) if minute is None else minute
    return db.session.execute(delete(RequestCount).where(RequestCount.minute < minute - 1)).rowcount


def _hits(scope: str, client: str, minute: int) -> tuple[int, int]:
    rows = dict(db.session.execute(select(RequestCount.minute, RequestCount.hits).where(
        RequestCount.scope == scope, RequestCount.client == client,
        RequestCount.minute.in_((minute - 1, minute)))).all())
    return rows.get(minute - 1, 0), rows.get(minute, 0)


def _count(scope: str, client: str, minute: int) -> int:
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(RequestCount).values(scope=scope, client=client, minute=minute, hits=1)
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "client", "minute"], set_={"hits": RequestCount.hits + 1})
    return db.session.execute(statement.returning(RequestCount.hits)).scalar_one()


def rate_limited(scope: str):
    """Answer 429 when one client address asks more than the configured requests a minute.

    The count is committed before the view runs, as its own unit of work: a request for an unknown
    token (404) counts as much as any, and the view's own transaction starts clean."""
    def decorate(view):
        @wraps(view)
        def limited(*args, **kwargs):
            allowed = allow(scope, request.remote_addr or "-", current_app.config["FEED_REQUESTS_PER_MINUTE"])
            db.session.commit()
            if not allowed:
                abort(429)
            return view(*args, **kwargs)
        return limited
    return decorate
