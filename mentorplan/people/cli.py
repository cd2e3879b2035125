from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.auth.invitations import Invitation, invite_new_accounts
from mentorplan.auth.mail import send_now
from mentorplan.clock import today
from mentorplan.commands import all_or_nothing, kommune_option, resolve_kommune
from mentorplan.extensions import db
from mentorplan.models import Person
from mentorplan.people.staff_csv import (
    StaffFileError,
    decode_staff_file,
    parse_staff_csv,
)
from mentorplan.people.staff_import import ImportSummary, import_staff_rows


@click.command("import-staff")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@kommune_option
@with_appcontext
def import_staff(path: Path, kommune_name: str | None) -> None:
    """Create or update employees and employments from a staff CSV (all or nothing)."""
    def work():
        rows = parse_staff_csv(decode_staff_file(path.read_bytes()))
        kommune = resolve_kommune(kommune_name)
        summary = import_staff_rows(kommune, rows)
        in_file = db.session.scalars(select(Person.id).where(
            Person.kommune_id == kommune.id, Person.employee_number.in_({row.employee_number for row in rows})))
        return kommune, summary, invite_new_accounts(list(in_file), today())

    kommune, summary, invitations = all_or_nothing(work, StaffFileError)
    click.echo(summary_text(summary, path.name, kommune.name))
    if invitations:
        click.echo(invitations_text(invitations, [send_now(i.message()) for i in invitations]))


def invitations_text(invitations: list[Invitation], sent: list[bool]) -> str:
    """The line about the new accounts; the addresses the invitation did not reach are named."""
    text = f"Kontoer: {_new(len(invitations))}, invitasjon sendt på e-post til {sum(sent)} av {len(invitations)}."
    unsent = [i.user.email for i, ok in zip(invitations, sent) if not ok]
    if unsent:
        text += (f" Ikke sendt til {', '.join(unsent[:5])}{' …' if len(unsent) > 5 else ''}: "
                 "send invitasjonen på nytt fra Kontoer (/admin/kontoer) når e-posten virker.")
    return text


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
