import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.clock import today
from mentorplan.commands import describe, fail
from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.privacy.anonymise import anonymise_all


@click.command("anonymise")
@click.option("--dry-run", is_flag=True, help="Vis hvor mange som ville blitt anonymisert, uten å endre noe.")
@click.option("--kommune", "kommune_name", help="Bare denne kommunen (standard: hver kommune for seg).")
@with_appcontext
def anonymise(dry_run: bool, kommune_name: str | None) -> None:
    """Anonymise people whose last employment ended more than MENTORPLAN_ANONYMISE_AFTER_DAYS ago (GDPR)."""
    if kommune_name and db.session.scalar(select(Kommune.id).where(Kommune.name == kommune_name)) is None:
        fail([f"Fant ingen kommune som heter «{kommune_name}»."])
    after_days = current_app.config["ANONYMISE_AFTER_DAYS"]
    try:
        summaries = anonymise_all(today(), after_days, dry_run=dry_run, kommune_name=kommune_name)
    except Exception as error:  # the command is the edge: a message, never a stack trace
        fail([f"Anonymiseringen ble avbrutt; kommunen den holdt på med er uendret: {describe(error)}"])
    for summary in summaries:
        click.echo(str(summary))
    if dry_run:
        click.echo("Prøvekjøring: ingenting er endret.")
