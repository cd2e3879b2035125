"""SQLite as the embedded database of a ward's worth of users (issue 22).

With the driver's defaults, sixteen people writing at once through `make run` met «database is
locked» and error pages: the rollback journal lets no one read while a commit is written, the
driver waits only 5 s for a lock, and a transaction that has read and then wants to write cannot
wait for the lock at all when another writer is ahead of it (SQLite answers at once, to avoid a
deadlock). So, on SQLite only:

- WAL: readers never wait for a writer, nor a writer for readers; one writer at a time remains.
  synchronous=NORMAL is safe under WAL (a power cut may lose the last commits, never the file).
- A busy timeout of 15 s: a writer queues behind the one ahead of it instead of failing.
- We say when a transaction begins, not the driver (pysqlite's own BEGIN is switched off, as in
  SQLAlchemy's recipe for SQLite transactions). A writing request (POST, PUT, PATCH, DELETE) takes
  the write lock up front with BEGIN IMMEDIATE, so it never reads first and is then refused the
  lock, and its reads and writes are one serial unit: a form's checks read what its write relies on.
- Everything else — a page view, a command, the scheduler's jobs, migrations — reads without a
  transaction, so it never queues behind a writer nor holds the lock while it does something slow
  (the outbox talks to the SMTP server between reading a message and marking it sent; holding the
  lock meanwhile made every user's write wait for the mail server, and two schedulers fail). Each
  read sees what is committed, as on PostgreSQL (READ COMMITTED). BEGIN IMMEDIATE comes before the
  first write, and before a SELECT … FOR UPDATE: SQLite has no row locks, so a read made to be
  rewritten (plans/locking.py) takes the database's write lock instead and holds it to the commit,
  which gives what the row locks give on PostgreSQL. A deferred BEGIN would have read from one
  snapshot and then be refused the write lock whenever someone committed since
  (SQLITE_BUSY_SNAPSHOT, which no timeout cures).

PRAGMA statements run outside any transaction (some have no effect inside one). Foreign keys are
left as they were (off), as the migrations and tests have always run.
"""
from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection

from mentorplan.extensions import db

BUSY_TIMEOUT_MS = 15_000
WRITING_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
NO_BEGIN = ("BEGIN", "COMMIT", "END", "ROLLBACK", "RELEASE", "PRAGMA")
READS = ("SELECT", "WITH", "EXPLAIN", "VALUES")


def init_sqlite(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _configure)
            event.listen(engine, "before_cursor_execute", _begin_when_needed)


def _configure(dbapi_connection, connection_record) -> None:
    dbapi_connection.isolation_level = None  # the driver begins nothing; _begin_when_needed does
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def writing_request() -> bool:
    """Whether the work under way is a request made to write (a form sent, not a page viewed)."""
    return has_request_context() and request.method in WRITING_METHODS


def _begin_when_needed(conn: Connection, cursor, statement: str, parameters, context, executemany) -> None:
    dbapi_connection = cursor.connection
    if dbapi_connection.in_transaction:
        return
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    if verb in NO_BEGIN:
        return
    if writing_request() or verb not in READS or _writes(context) or _for_update(context):
        dbapi_connection.execute("BEGIN IMMEDIATE")


def _writes(context) -> bool:
    return context is not None and (context.isinsert or context.isupdate or context.isdelete)


def _for_update(context) -> bool:
    """A SELECT … FOR UPDATE (SQLite's compiler drops the clause, the statement keeps it)."""
    compiled = getattr(context, "compiled", None)
    return getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None
