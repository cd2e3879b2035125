from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from mentorplan.clock import today
from mentorplan.commands import (
    all_or_nothing,
    describe,
    fail,
    kommune_option,
    resolve_kommune,
)
from mentorplan.norwegian import decimal
from mentorplan.turnus.changes import TurnusSummary
from mentorplan.turnus.entries import TurnusFileError
from mentorplan.turnus.imports import after_turnus_change, import_turnus
from mentorplan.turnus.reading import read_turnus_file


@click.command("import-turnus")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ansattnr", "employee_number",
              help="Hvem en iCalendar-fil gjelder, når filen ikke sier det selv (X-MENTORPLAN-ANSATTNR).")
@kommune_option
@with_appcontext
def import_turnus_command(path: Path, employee_number: str | None, kommune_name: str | None) -> None:
    """Create or replace shifts and absences from a turnus CSV or an iCalendar file (all or nothing)."""
    _refuse_large_file(path)
    def work():
        turnus = read_turnus_file(path, today(), employee_number)
        kommune = resolve_kommune(kommune_name)
        return kommune, import_turnus(kommune, turnus)

    kommune, summary = all_or_nothing(work, TurnusFileError)
    click.echo(summary_text(summary, path.name, kommune.name))
    error = after_turnus_change(summary.person_ids)
    if error is not None:
        fail([f"Turnusen er lagret, men planene ble ikke lagt om: {describe(error)}"])


def _refuse_large_file(path: Path) -> None:
    # Checked before reading: a file this size is a mistake (the wrong export), not a turnus.
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    try:
        size = path.stat().st_size
    except OSError as error:
        fail([f"Filen kunne ikke leses ({error.strerror or error})."])
    if size >= limit:
        fail([f"Filen er for stor ({_megabytes(size)}); grensen er {_megabytes(limit)}. "
               "Del den opp, for eksempel per enhet. Ingenting er lagret."])


def _megabytes(size: int) -> str:
    return decimal(size / (1024 * 1024)).removesuffix(",0") + " MB"


def summary_text(summary: TurnusSummary, file_name: str, kommune_name: str) -> str:
    lines = [f"Leste {summary.rows} rader fra {file_name} inn i {kommune_name}: "
             f"{employees(summary.people)}, {summary.first_day:%d.%m.%Y}–{summary.last_day:%d.%m.%Y}."]
    if not summary.changed_anything:
        return "\n".join(lines + ["Ingen endringer: alt var allerede som i filen."])
    return "\n".join(lines + [
        f"Vakter: {_new(summary.shifts_added)}, {summary.shifts_removed} fjernet, {summary.shifts_changed} endret.",
        f"Fravær: {_new(summary.absences_added)}, {summary.absences_removed} fjernet, "
        f"{summary.absences_changed} endret.",
        f"Turnusen er endret for {len(summary.person_ids)} av {summary.people} ansatte.",
    ])


def employees(count: int) -> str:
    return "1 ansatt" if count == 1 else f"{count} ansatte"


def _new(count: int) -> str:
    return f"{count} ny" if count == 1 else f"{count} nye"
