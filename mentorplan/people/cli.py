from pathlib import Path

import click
from flask.cli import with_appcontext

from mentorplan.auth.invitations import Invitation, send_invitations
from mentorplan.auth.mail import send_all_now
from mentorplan.clock import today
from mentorplan.commands import all_or_nothing, kommune_option, resolve_kommune
from mentorplan.people.staff_csv import (
    StaffFileError,
    decode_staff_file,
    parse_staff_csv,
)
from mentorplan.people.staff_file import apply_staff_file
from mentorplan.people.staff_import import address_notices, new_count, summary_text


@click.command("import-staff")
@click.argument("path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@kommune_option
@with_appcontext
def import_staff(path: Path, kommune_name: str | None) -> None:
    """Create or update employees and employments from a staff CSV (all or nothing)."""
    def work():
        rows = parse_staff_csv(decode_staff_file(path.read_bytes()))
        kommune = resolve_kommune(kommune_name)
        done = apply_staff_file(kommune, rows, today())
        return kommune, done.summary, done.invitations

    kommune, summary, invitations = all_or_nothing(work, StaffFileError)
    click.echo(summary_text(summary, path.name, kommune.name))
    send_all_now(address_notices(summary.address_changes))
    if invitations:
        unsent = send_invitations(invitations)
        click.echo(invitations_text(invitations, [i not in unsent for i in invitations]))


def invitations_text(invitations: list[Invitation], sent: list[bool]) -> str:
    """The line about the new accounts; the addresses the invitation did not reach are named."""
    text = f"Kontoer: {new_count(len(invitations))}, invitasjon sendt på e-post til {sum(sent)} av {len(invitations)}."
    unsent = [i.user.email for i, ok in zip(invitations, sent) if not ok]
    if unsent:
        text += (f" Ikke sendt til {', '.join(unsent[:5])}{' …' if len(unsent) > 5 else ''}: "
                 "send invitasjonen på nytt fra Kontoer (/admin/kontoer) når e-posten virker.")
    return text
