"""The migration to one entry a day (issue 23) folds the entries already written: those of one
person, record, action and Oslo day become one, with their count, first and last time; entries by
no one stay one by one. On the database under test (SQLite, or PostgreSQL with DATABASE_URL)."""
from datetime import UTC, date, datetime

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import text

from config import TestConfig
from mentorplan import MIGRATIONS_DIR, create_app
from mentorplan.extensions import db

from tests.conftest import scratch_database


def _revisions() -> tuple[str, str]:
    """The fold's revision, and the one before it."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    (fold,) = [r for r in script.walk_revisions() if r.revision.endswith("_access_log_days")]
    return fold.revision, fold.down_revision


@pytest.fixture
def migration_app(tmp_path):
    with scratch_database(tmp_path / "fold.db") as url:
        app = create_app(type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()


def _at(hour: int, minute: int = 0, day: int = 20) -> datetime:
    return datetime(2026, 9, day, hour, minute, tzinfo=UTC)


def test_the_entries_written_before_are_folded_per_day(migration_app):
    fold, before = _revisions()
    upgrade(revision=before)
    # UTC times: 20.09 06:00 and 20:00 are 08:00 and 22:00 in Oslo, one day; 22:30 is 00:30 on 21.09.
    rows = [(1, _at(6), "read", 7), (1, _at(20), "read", 7), (1, _at(22, 30), "read", 7), (1, _at(9), "change", 7),
            (1, _at(7), "read", 8), (None, _at(6), "change", 7), (None, _at(7), "change", 7)]
    with db.engine.begin() as connection:
        connection.execute(text("INSERT INTO kommune (id, name) VALUES (1, 'Fold kommune')"))
        for person_id, name in ((1, "Leser"), (2, "Nina")):
            connection.execute(text("INSERT INTO person (id, kommune_id, employee_number, first_name, last_name) "
                                    "VALUES (:id, 1, :n, :name, 'Test')"), {"id": person_id, "n": str(person_id),
                                                                           "name": name})
        for actor, at, action, object_id in rows:
            connection.execute(text(
                "INSERT INTO access_log_entry (at, actor_id, subject_id, kind, action, object_id, address) "
                "VALUES (:at, :actor, 2, 'conversation', :action, :object, '10.0.0.1')"),
                {"at": at, "actor": actor, "action": action, "object": object_id})
    upgrade(revision=fold)
    with db.engine.connect() as connection:
        found = connection.execute(text(
            "SELECT id, actor_id, action, object_id, day, count, at, last_at, address FROM access_log_entry "
            "ORDER BY id")).all()

    def moment(value):
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def day(value):
        return date.fromisoformat(value) if isinstance(value, str) else value

    folded = [(r.id, r.actor_id, r.action, r.object_id, day(r.day), r.count, moment(r.at), moment(r.last_at),
               r.address) for r in found]
    assert folded == [
        (1, 1, "read", 7, date(2026, 9, 20), 2, _at(6), _at(20), "10.0.0.1"),
        (3, 1, "read", 7, date(2026, 9, 21), 1, _at(22, 30), _at(22, 30), "10.0.0.1"),
        (4, 1, "change", 7, date(2026, 9, 20), 1, _at(9), _at(9), "10.0.0.1"),
        (5, 1, "read", 8, date(2026, 9, 20), 1, _at(7), _at(7), "10.0.0.1"),
        (6, None, "change", 7, date(2026, 9, 20), 1, _at(6), _at(6), "10.0.0.1"),
        (7, None, "change", 7, date(2026, 9, 20), 1, _at(7), _at(7), "10.0.0.1"),
    ]
