import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.clock import now, today
from mentorplan.commands import describe, fail
from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.privacy.anonymise import anonymise_all


@click.command("anonymise")
@click.option("--dry-run", is_flag=True, help="Vis hvor mange som ville blitt anonymisert, uten å endre noe.")
@click.option("--kommune", "kommune_name", help="Bare denne kommunen (standard: hver kommune for seg).")
@with_appcontext
def anonymise(dry_run: bool, kommune_name: str | None) -> None:
    """Anonymise people whose last employment ended more than MENTORPLAN_ANONYMISE_AFTER_DAYS ago (GDPR),
    and delete notifications older than MENTORPLAN_NOTIFICATION_RETENTION_DAYS."""
    if kommune_name and db.session.scalar(select(Kommune.id).where(Kommune.name == kommune_name)) is None:
        fail([f"Fant ingen kommune som heter «{kommune_name}»."])
    config = current_app.config
    try:
        summaries = anonymise_all(today(), config["ANONYMISE_AFTER_DAYS"], dry_run=dry_run, kommune_name=kommune_name,
                                  now=now(), notification_days=config["NOTIFICATION_RETENTION_DAYS"])
    except Exception as error:  # the command is the edge: a message, never a stack trace
        fail([f"Anonymiseringen ble avbrutt; kommunen den holdt på med er uendret: {describe(error)}"])
    for summary in summaries:
        click.echo(str(summary))
    if dry_run:
        click.echo("Prøvekjøring: ingenting er endret.")
