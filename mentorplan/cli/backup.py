from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from mentorplan.backup import BackupError, backup_sqlite
from mentorplan.cli.common import fail


@click.command("backup")
@click.argument("path", metavar="FIL", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """A consistent copy of the SQLite database while the app runs (PostgreSQL: pg_dump, see README)."""
    try:
        summary = backup_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        fail([str(error)])
    size = f"{summary.size / (1024 * 1024):.1f}".replace(".", ",")
    click.echo(f"Sikkerhetskopi lagret i {summary.path}: {summary.tables} tabeller, {summary.rows} rader, {size} MB.")
