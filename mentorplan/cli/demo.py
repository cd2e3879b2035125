import click
from flask.cli import with_appcontext


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Bare last demoen om databasen er tom.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load the demo kommune (idempotent)."""
    raise click.ClickException("Demodata er ikke på plass ennå.")
