from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..programme import ProgrammeError
from ..staff_csv import StaffFileError, decode_staff_file, parse_staff_csv
from ..staff_import import ImportSummary, import_staff_rows
from .common import kommune_option, resolve_kommune


@click.command("import-staff")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@kommune_option
@with_appcontext
def import_staff(path: Path, kommune_name: str | None) -> None:
    """Create or update employees and employments from a staff CSV (all or nothing)."""
    try:
        rows = parse_staff_csv(decode_staff_file(path.read_bytes()))
        kommune = resolve_kommune(kommune_name)
        summary = import_staff_rows(kommune, rows)
        db.session.commit()
    except StaffFileError as error:
        db.session.rollback()
        _fail([str(e) for e in error.errors] + [f"Ingenting er lagret ({len(error.errors)} feil)."])
    except click.ClickException:
        db.session.rollback()
        raise
    except Exception as error:  # the command is the edge: a message, never a stack trace
        db.session.rollback()
        _fail([f"Importen ble avbrutt, og ingenting er lagret: {_describe(error)}"])
    click.echo(summary_text(summary, path.name, kommune.name))


def _fail(messages: list[str]) -> NoReturn:
    for message in messages:
        click.echo(message, err=True)
    raise click.exceptions.Exit(1)


def _describe(error: Exception) -> str:
    if isinstance(error, ProgrammeError):
        return str(error)
    if isinstance(error, SQLAlchemyError):
        # The driver's own first line names the broken rule without the whole statement.
        return "databasefeil: " + str(getattr(error, "orig", None) or error).splitlines()[0]
    if isinstance(error, OSError):
        return f"filen kunne ikke leses ({error.strerror or error})."
    return f"{type(error).__name__}: {error}"


def summary_text(summary: ImportSummary, file_name: str, kommune_name: str) -> str:
    lines = [f"Leste {summary.rows} rader fra {file_name} inn i {kommune_name}."]
    if not summary.changed_anything:
        return "\n".join(lines + ["Ingen endringer: alt var allerede som i filen."])
    return "\n".join(lines + [
        f"Ansatte: {_new(summary.people_created)}, {summary.people_updated} endret.",
        f"Ansettelser: {_new(summary.employments_created)}, {summary.employments_updated} endret.",
        f"Enheter: {_new(summary.units_created)}. Avdelinger: {_new(summary.wards_created)}.",
        f"Roller: {_new(summary.roles_added)}, {summary.roles_updated} endret.",
        f"Mentorforløp: {summary.mentorships_started} startet, {summary.mentorships_changed} fikk ny mentor.",
    ])


def _new(count: int) -> str:
    return f"{count} ny" if count == 1 else f"{count} nye"
