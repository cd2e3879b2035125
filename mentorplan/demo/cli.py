import click
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.clock import today
from mentorplan.demo.kommune import DEMO_KOMMUNE, DEMO_PASSWORD, build_demo, demo_exists
from mentorplan.extensions import db
from mentorplan.models import Kommune


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Bare last demoen om databasen ikke har noen kommune.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load the demo kommune (idempotent)."""
    if if_empty and db.session.scalar(select(Kommune.id).limit(1)) is not None:
        click.echo("Databasen har allerede data; demoen lastes ikke.")
        return
    if demo_exists():
        click.echo(f"{DEMO_KOMMUNE} finnes allerede; ingenting er endret.")
        return
    summary = build_demo(today())
    db.session.commit()
    click.echo(f"{DEMO_KOMMUNE} er lastet: {summary.units} enheter, {summary.wards} avdelinger, "
               f"{summary.people} ansatte, {summary.mentees} nytilsatte ({summary.left} har sluttet).")
    click.echo(f"Innlogginger (passord «{DEMO_PASSWORD}»): " + ", ".join(summary.logins))
