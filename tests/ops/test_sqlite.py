"""SQLite under concurrent writers (mentorplan/ops/sqlite.py): WAL, a busy timeout, and transactions
that take the write lock up front, except a page view's reads, which take none."""
import os
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from mentorplan.extensions import db

pytestmark = pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="SQLite's locking")
INSERT = "INSERT INTO failed_login (at, email, address) VALUES (CURRENT_TIMESTAMP, 'x@y.no', '10.0.0.1')"


def other_connection(app) -> sqlite3.Connection:
    """Another process's connection that will not wait for a lock (timeout 0)."""
    return sqlite3.connect(make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database, timeout=0,
                           isolation_level=None)


def holds_write_lock(app) -> bool:
    other = other_connection(app)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return True
    finally:
        other.close()


def in_transaction() -> bool:
    return db.session.connection().connection.dbapi_connection.in_transaction


def test_wal_a_busy_timeout_and_normal_sync(app):
    with app.app_context():
        pragma = {name: db.session.execute(text(f"PRAGMA {name}")).scalar_one()
                  for name in ("journal_mode", "busy_timeout", "synchronous")}
    assert pragma == {"journal_mode": "wal", "busy_timeout": 15000, "synchronous": 1}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_writing_request_holds_the_write_lock_from_its_first_read(app, method):
    with app.test_request_context("/", method=method):
        db.session.execute(text("SELECT 1")).scalar_one()
        assert in_transaction() and holds_write_lock(app)
        db.session.rollback()
        assert not holds_write_lock(app)


def test_work_outside_a_request_reads_without_the_lock_and_takes_it_to_write(app):
    """A command or a scheduler job holds no lock while it reads (the outbox talks to the SMTP
    server between its reads and its write), and takes it at its first write."""
    with app.app_context():
        db.session.execute(text("SELECT 1")).scalar_one()
        assert not in_transaction() and not holds_write_lock(app)
        db.session.execute(text(INSERT))
        assert holds_write_lock(app)
        db.session.commit()
        assert not holds_write_lock(app)


@pytest.mark.parametrize("method", [None, "GET"])
def test_a_read_for_update_takes_the_write_lock_and_holds_it_to_the_commit(app, method):
    """SQLite has no row locks: SELECT … FOR UPDATE (plans/locking.py) takes the database's."""
    from sqlalchemy import select

    from mentorplan.models import FailedLogin

    context = app.test_request_context("/", method=method) if method else app.app_context()
    with context:
        db.session.scalars(select(FailedLogin).with_for_update()).all()
        assert in_transaction() and holds_write_lock(app)
        db.session.commit()
        assert not holds_write_lock(app)


def test_a_page_view_reads_without_a_transaction_and_locks_at_its_first_write(app):
    with app.test_request_context("/", method="GET"):
        db.session.execute(text("SELECT count(*) FROM failed_login")).scalar_one()
        assert not in_transaction() and not holds_write_lock(app)
        db.session.execute(text(INSERT))
        assert in_transaction() and holds_write_lock(app)
        db.session.commit()
        assert not holds_write_lock(app)


def test_a_page_view_that_writes_after_someone_else_committed_is_not_refused(app):
    """With a deferred BEGIN the view's read would have opened a snapshot, and SQLite refuses the
    write lock to a snapshot that another connection has written past (SQLITE_BUSY_SNAPSHOT)."""
    with app.test_request_context("/", method="GET"):
        before = db.session.execute(text("SELECT count(*) FROM failed_login")).scalar_one()
        other = other_connection(app)
        other.execute(INSERT)
        other.close()
        db.session.execute(text(INSERT))
        db.session.commit()
        assert db.session.execute(text("SELECT count(*) FROM failed_login")).scalar_one() == before + 2
