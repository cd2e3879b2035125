"""The schema comes only from migrations, and the migrations match the models."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from config import TestConfig
from mentorplan import MIGRATIONS_DIR, create_app
from mentorplan.extensions import db

from tests.conftest import scratch_database


@pytest.fixture
def migrated_url(tmp_path):
    """An empty database of the kind under test (SQLite file, or a scratch PostgreSQL database)."""
    with scratch_database(tmp_path / "migrations.db") as url:
        yield url


@pytest.fixture
def migration_app(migrated_url):
    app = create_app(type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": migrated_url}))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _pending_differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_one_migration_head():
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert len(script.get_heads()) == 1


def test_migrations_create_exactly_the_models(migration_app):
    upgrade()
    assert _pending_differences() == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"kommune", "unit", "ward", "person", "employment", "user_account", "role_assignment",
            "mentorship", "plan_template", "template_activity", "plan", "plan_activity", "talking_point",
            "conversation", "agreed_action", "mentor_change", "checklist_template", "checklist_item",
            "checklist", "checklist_entry",
            "shift_code", "shift", "absence", "rotation_pattern", "rotation_exception"} <= tables


def test_migrations_go_down_and_up_again(migration_app):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert _pending_differences() == []
