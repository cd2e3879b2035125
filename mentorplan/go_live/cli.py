"""`go-live KOMMUNE DATE`: the operator sets the day a kommune took mentorplan into use, as its
admin does on «Innstillinger for kommunen» (for an installation set up before anyone logs in)."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.files.dates import parse_date
from mentorplan.go_live.operations import set_go_live
from mentorplan.models import Kommune

NO_DATE = "ingen"


@click.command("go-live")
@click.argument("kommune_name", metavar="KOMMUNE")
@click.argument("day", metavar="DATE")
@with_appcontext
def go_live_command(kommune_name: str, day: str) -> None:
    """Set the day KOMMUNE took mentorplan into use (YYYY-MM-DD or DD.MM.YYYY; «ingen» removes it).
    What running plans had due before it becomes «før mentorplan», not overdue."""
    kommune = db.session.scalar(select(Kommune).where(Kommune.name == kommune_name))
    if kommune is None:
        raise click.ClickException(f"Fant ingen kommune «{kommune_name}».")
    go_live = None if day.strip().lower() == NO_DATE else parse_date(day.strip())
    if go_live is None and day.strip().lower() != NO_DATE:
        raise click.BadParameter(f"«{day}» er ingen dato (YYYY-MM-DD eller DD.MM.YYYY, eller «{NO_DATE}»).",
                                 param_hint="DATE")
    change = set_go_live(kommune, go_live, today())
    db.session.commit()
    when = f"tok mentorplan i bruk {go_live:%d.%m.%Y}" if go_live else "har ingen dato for når mentorplan ble tatt i bruk"
    click.echo(f"{kommune.name} {when}: {change.marked} aktiviteter i {change.plans} planer er merket «før mentorplan», "
               f"{change.reopened} er åpnet igjen.")
