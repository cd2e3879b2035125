import click
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Kommune, Unit
from mentorplan.scheduling.service import schedule_all


@click.command("schedule")
@click.option("--unit", "unit_name", metavar="NAME", help="Bare planene ved denne enheten.")
@click.option("--kommune", "kommune_name", help="Kommunen, når enhetsnavnet finnes i flere.")
@with_appcontext
def schedule(unit_name: str | None, kommune_name: str | None) -> None:
    """Place all open plan activities against the turnus; prints a summary."""
    unit = None
    if unit_name:
        query = select(Unit).where(Unit.name == unit_name)
        if kommune_name:
            query = query.join(Unit.kommune).where(Kommune.name == kommune_name)
        units = list(db.session.scalars(query))
        if len(units) != 1:
            raise click.ClickException(
                f"Fant ingen enhet som heter «{unit_name}»." if not units
                else f"Enheten «{unit_name}» finnes i flere kommuner; oppgi --kommune.")
        unit = units[0]
    summary = schedule_all(unit)
    db.session.commit()
    click.echo(str(summary))
