import click
from flask.cli import with_appcontext


@click.command("import-staff")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_staff(path: str) -> None:
    """Create or update employees and employments from a staff CSV."""
    raise click.ClickException("Import av ansatte er ikke på plass ennå.")
