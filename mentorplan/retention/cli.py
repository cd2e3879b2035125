import csv
import io
import json
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.clock import today
from mentorplan.commands import fail
from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.retention import (
    ALLOWED_MONTHS,
    Question,
    ReportError,
    build_report,
    contract_csv_rows,
    contract_json,
)
from mentorplan.retention.source import hire_records

OPTIONS = {"start_from": "--from", "start_to": "--to", "months": "--months", "as_of": "--as-of"}


class IsoDate(click.ParamType):
    name = "DATO"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"«{value}» er ikke en gyldig dato (bruk ÅÅÅÅ-MM-DD).", param, ctx)


def find_kommune(name: str | None) -> Kommune:
    query = select(Kommune).where(Kommune.name == name) if name else select(Kommune)
    kommuner = list(db.session.scalars(query))
    if name and not kommuner:
        raise click.ClickException(f"Fant ingen kommune som heter «{name}».")
    if len(kommuner) != 1:
        raise click.UsageError("Oppgi kommunen med --kommune NAVN.")
    return kommuner[0]


@click.command("retention")
@click.option("--from", "start_from", type=IsoDate(), required=True, help="Første startdato i perioden.")
@click.option("--to", "start_to", type=IsoDate(), required=True, help="Siste startdato i perioden.")
@click.option("--months", type=int, default=12, show_default=True,
              help="Antall måneder: " + ", ".join(map(str, ALLOWED_MONTHS)) + ".")
@click.option("--as-of", "as_of", type=IsoDate(), help="Slik det sto denne dagen (standard: i dag).")
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--kommune", "kommune_name", help="Kommunen, når det finnes flere.")
@with_appcontext
def retention(start_from: date, start_to: date, months: int, as_of: date | None, output_format: str,
              kommune_name: str | None) -> None:
    """The retention report for hires starting in [from, to] (CONTRACT.md)."""
    question = Question(start_from, start_to, months, as_of or today())
    try:
        question.check()
    except ReportError as error:
        fail([f"{OPTIONS[error.field]}: {error}"])
    kommune = find_kommune(kommune_name)
    report = build_report(hire_records(kommune.id, start_from, start_to), question, suppress=False)
    if report.total.hired == 0:
        click.echo(f"Ingen ble ansatt i {kommune.name} mellom {start_from:%d.%m.%Y} og {start_to:%d.%m.%Y}.",
                   err=True)
    if output_format == "json":
        click.echo(json.dumps(contract_json(report), ensure_ascii=False, indent=2))
    else:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(
            ["" if v is None else v for v in row] for row in contract_csv_rows(report))
        click.echo(out.getvalue(), nl=False)
