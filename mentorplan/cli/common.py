"""What several commands share."""
import click
from sqlalchemy import select

from ..extensions import db
from ..models import Kommune
from ..programme import kommune_default_template


def kommune_option(function):
    return click.option("--kommune", "kommune_name",
                        help="Kommunen (opprettes om den ikke finnes; kan utelates når det bare er én).")(function)


def resolve_kommune(name: str | None) -> Kommune:
    """The named kommune (created with its default template if new), or the only one there is."""
    if name:
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
        if kommune is None:
            kommune = Kommune(name=name)
            db.session.add(kommune)
            kommune_default_template(kommune)
        return kommune
    kommuner = list(db.session.scalars(select(Kommune)))
    if len(kommuner) != 1:
        raise click.UsageError("Oppgi kommunen med --kommune NAVN (den opprettes om den ikke finnes).")
    return kommuner[0]
