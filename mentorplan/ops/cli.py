"""Operating commands: `backup` and `scheduler` (the reminder process)."""
import logging
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from mentorplan.clock import OSLO
from mentorplan.commands import describe, fail
from mentorplan.norwegian import decimal
from mentorplan.ops.backup import BackupError, backup_sqlite


@click.command("backup")
@click.argument("path", metavar="FIL", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """A consistent copy of the SQLite database while the app runs (PostgreSQL: pg_dump, see README)."""
    try:
        summary = backup_sqlite(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        fail([str(error)])
    size = decimal(summary.size / (1024 * 1024))
    click.echo(f"Sikkerhetskopi lagret i {summary.path}: {summary.tables} tabeller, {summary.rows} rader, {size} MB.")


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Kjør jobbene én gang og avslutt.")
@click.option("--now", "at", metavar="YYYY-MM-DDTHH:MM",
              help="Med --once: kjør som om klokken var dette (lokal tid, Europe/Oslo).")
@with_appcontext
def scheduler(once: bool, at: str | None) -> None:
    """Run the reminder/notification scheduler in the foreground (its own process, never a web worker)."""
    # Imported here, so that building the app (every web worker does) never even loads APScheduler.
    from mentorplan.jobs import build_scheduler, run_once
    if at and not once:
        raise click.UsageError("--now kan bare brukes sammen med --once.")
    if once:
        moment = _moment(at) if at else None
        try:
            click.echo(str(run_once(moment)))
        except Exception as error:  # noqa: BLE001 — one clear line, not a traceback
            fail([f"Feil: {describe(error)}"])
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    where = current_app.config.get("SMTP_HOST") or "den lokale utboksen (/utboks)"
    click.echo(f"Varslingsplanleggeren kjører; e-post går til {where}. Stopp med Ctrl+C.")
    try:
        build_scheduler(current_app._get_current_object()).start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("Varslingsplanleggeren er stoppet.")


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise click.UsageError(f"«{text}» er ikke et tidspunkt (YYYY-MM-DDTHH:MM).") from error
    return moment.replace(tzinfo=OSLO) if moment.tzinfo is None else moment
