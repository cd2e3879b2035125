"""`flask --app wsgi backup PATH`: a consistent SQLite copy while the app runs, restored and checked;
on PostgreSQL the README's pg_dump -Fc / pg_restore, restored into a second database and checked."""
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from mentorplan.ops.backup import BackupError, backup_sqlite
from mentorplan.clock import today
from mentorplan.demo.kommune import build_demo
from mentorplan.extensions import db
from mentorplan.models import Conversation, Person

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def _counts(connection) -> dict[str, int]:
    names = inspect(connection).get_table_names()
    return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in names}


@pytest.fixture
def demo_data(app):
    with app.app_context():
        build_demo(today())
        db.session.commit()
        yield


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite online backup")
def test_backup_while_another_connection_writes_copies_every_record(app, demo_data, runner, tmp_path):
    source = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    with db.engine.connect() as connection:
        before = _counts(connection)
    assert before["person"] > 50 and before["conversation"] > 0 and before["plan_activity"] > 100
    stop, written = threading.Event(), []

    def write():  # another process's connection, writing throughout the backup
        writer = sqlite3.connect(source, timeout=30)
        while not stop.is_set():
            writer.execute("INSERT INTO failed_login (at, email, address) VALUES (CURRENT_TIMESTAMP, 'x@y.no', '10.0.0.1')")
            writer.commit()
            written.append(1)
            time.sleep(0.002)
        writer.close()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while len(written) < 20:  # the writer is busy before the backup starts …
            time.sleep(0.01)
        at_start = len(written)
        target = tmp_path / "kopi.db"
        summary = backup_sqlite(app.config["SQLALCHEMY_DATABASE_URI"], target)
        while len(written) < at_start + 20:  # … and after it
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
    assert written, "the writer never wrote while the backup ran"
    copy_engine = create_engine(f"sqlite:///{target}")
    with copy_engine.connect() as copy:
        copied = _counts(copy)
        assert copy.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        names = copy.execute(text("SELECT first_name || ' ' || last_name FROM person ORDER BY id")).scalars().all()
        notes = copy.execute(text("SELECT notes FROM conversation ORDER BY id")).scalars().all()
    copy_engine.dispose()
    logins_in_copy = copied.pop("failed_login")
    assert {k: v for k, v in before.items() if k != "failed_login"} == copied
    assert at_start <= logins_in_copy <= len(written)
    assert summary.tables == len(before) and summary.rows == sum(copied.values()) + logins_in_copy
    with app.app_context():
        assert names == [p.full_name for p in db.session.scalars(select(Person).order_by(Person.id))]
        assert notes == list(db.session.scalars(select(Conversation.notes).order_by(Conversation.id)))
    assert not list(tmp_path.glob(".*delvis"))


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite online backup")
def test_the_command_backs_up_and_the_copy_restores_as_the_database(app, demo_data, runner, tmp_path):
    target = tmp_path / "mentorplan-kopi.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Sikkerhetskopi lagret i {target}:") and "tabeller" in result.output
    # Restore as the README says: the copy becomes the database file; the app reads every record.
    with db.engine.connect() as connection:
        before = _counts(connection)
    restored = tmp_path / "restored.db"
    shutil.copyfile(target, restored)
    from config import TestConfig
    from mentorplan import create_app
    restored_app = create_app(type("C", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{restored}"}))
    with restored_app.app_context():
        with db.engine.connect() as connection:
            assert _counts(connection) == before
        assert db.session.scalar(select(func.count(Person.id))) == before["person"]
        db.engine.dispose()

    again = runner.invoke(args=["backup", str(target)])
    assert again.exit_code == 1 and "finnes allerede" in again.output
    missing = runner.invoke(args=["backup", str(tmp_path / "ingen" / "kopi.db")])
    assert missing.exit_code == 1 and "finnes ikke" in missing.output


def test_postgresql_is_refused_with_a_pointer_to_pg_dump(tmp_path):
    with pytest.raises(BackupError, match="pg_dump -Fc.*pg_restore"):
        backup_sqlite("postgresql+psycopg://mentorplan@127.0.0.1/mentorplan", tmp_path / "x.db")
    with pytest.raises(BackupError, match="minnet"):
        backup_sqlite("sqlite://", tmp_path / "x.db")
    assert not list(tmp_path.iterdir())


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(candidates[-1]) if candidates else None


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump/pg_restore need PostgreSQL")
def test_pg_dump_and_pg_restore_as_in_the_readme_find_every_record(app, demo_data, runner, tmp_path):
    pg_dump, pg_restore = _pg_tool("pg_dump"), _pg_tool("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.skip("pg_dump/pg_restore not installed")
    result = runner.invoke(args=["backup", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "pg_dump" in result.output
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    restore_name = f"{url.database}_restore"
    plain = url.set(drivername="postgresql")
    connection_args = ["-h", plain.host or "127.0.0.1", "-p", str(plain.port or 5432), "-U", plain.username]
    dump = tmp_path / "mentorplan.dump"
    subprocess.run([pg_dump, "-Fc", *connection_args, "-f", str(dump), url.database], check=True)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{restore_name}"'))
        connection.execute(text(f'CREATE DATABASE "{restore_name}"'))
    try:
        subprocess.run([pg_restore, "--no-owner", *connection_args, "-d", restore_name, str(dump)], check=True)
        with db.engine.connect() as connection:
            before = _counts(connection)
        restored = create_engine(url.set(database=restore_name))
        with restored.connect() as connection:
            assert _counts(connection) == before
            assert before["person"] > 50
            names = connection.execute(text("SELECT first_name FROM person ORDER BY id")).scalars().all()
        restored.dispose()
        assert names == list(db.session.scalars(select(Person.first_name).order_by(Person.id)))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{restore_name}"'))
        admin.dispose()
