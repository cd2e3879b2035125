"""Fixtures: a real database (an SQLite file, or PostgreSQL when DATABASE_URL is set),
emptied after every test, the app, a client and a CLI runner."""
import os
import re
import uuid
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import TestConfig
from mentorplan import create_app
from mentorplan.extensions import db

from . import factories


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The database under test. Under pytest-xdist each worker has its own: tmp_path_factory is per
    worker already, and on PostgreSQL a worker gets a database of its own beside the test database."""
    if not os.environ.get("DATABASE_URL"):
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield TestConfig.SQLALCHEMY_DATABASE_URI
        return
    base = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    with postgres_database(f"{base.database}_{worker}") as url:
        yield url


@pytest.fixture(scope="session")
def _schema(database_url):
    """The schema is built once per run; every test then starts from empty tables."""
    app = create_app(_config(database_url))
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@contextmanager
def scratch_database(sqlite_path):
    """An empty database of the kind under test: the SQLite file given, or (with DATABASE_URL) a
    scratch PostgreSQL database beside the test database, dropped afterwards."""
    if not os.environ.get("DATABASE_URL"):
        yield f"sqlite:///{sqlite_path}"
        return
    with postgres_database(f"scratch_{uuid.uuid4().hex[:8]}") as url:
        yield url


@contextmanager
def postgres_database(name: str):
    """A new, empty PostgreSQL database on the server of the test database (one left by a run that
    was killed is dropped first), and dropped again afterwards."""
    base = make_url(TestConfig.SQLALCHEMY_DATABASE_URI)
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _config(database_url):
    return type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url})


@pytest.fixture
def app(_schema, database_url):
    app = create_app(_config(database_url))
    yield app
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _empty_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def ctx(app):
    """An app context for database work in a test."""
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    """A small kommune with two units, leaders, mentors and mentees (see factories.build_world)."""
    with app.app_context():
        built = factories.build_world()
        db.session.commit()
        return built


@pytest.fixture
def set_today(app):
    def pin(day: date) -> date:
        app.config["FIXED_TODAY"] = day
        return day
    return pin


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url):
    page = client.get(url).get_data(as_text=True)
    match = CSRF.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


@pytest.fixture
def login(app):
    """Log in through the real form, as a person would; each login gets its own client."""
    def login_as(email, password=factories.PASSWORD):
        client = app.test_client()
        response = client.post("/logg-inn", data={
            "email": email, "password": password, "csrf_token": csrf_token(client, "/logg-inn"),
        })
        assert response.status_code == 302, f"login failed for {email}"
        return client
    return login_as


def post_form(client, url, data, form_url=None):
    """Post a form with the CSRF token taken from the page that shows it."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, form_url or url)})


@pytest.fixture
def smtp(app):
    """A real SMTP server on localhost (tests/smtp_server.py), and the app sending to it."""
    from .smtp_server import SmtpServer
    server = SmtpServer()
    server.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_STARTTLS=False)
    yield server
    server.stop()
