from pathlib import Path

import click
from flask.cli import with_appcontext

from ..extensions import db
from ..staff_csv import StaffFileError, decode_staff_file, parse_staff_csv
from ..staff_import import ImportSummary, import_staff_rows
from .common import describe, fail, kommune_option, resolve_kommune


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
        fail([str(e) for e in error.errors] + [f"Ingenting er lagret ({len(error.errors)} feil)."])
    except click.ClickException:
        db.session.rollback()
        raise
    except Exception as error:  # the command is the edge: a message, never a stack trace
        db.session.rollback()
        fail([f"Importen ble avbrutt, og ingenting er lagret: {describe(error)}"])
    click.echo(summary_text(summary, path.name, kommune.name))


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
