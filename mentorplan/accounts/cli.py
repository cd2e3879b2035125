"""The operator gives a role: for a kommune with a single admin, who may not give herself one on
the web (accounts/roles.give_role). The grant is in the access log with no actor (the operator),
and in the application log."""
import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.accounts.roles import RoleError, Scope, give_role
from mentorplan.auth.identity import normalise_email
from mentorplan.auth.invitations import invite_new_accounts, send_invitations
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import ASSIGNABLE_ROLES, ROLE_LABELS, Role, Unit, User, Ward


@click.command("give-role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in ASSIGNABLE_ROLES]))
@click.option("--enhet", "unit_name", default=None, help="the unit (enhetsleder, mentor, avdelingsleder)")
@click.option("--avdeling", "ward_name", default=None, help="the ward inside the unit (avdelingsleder)")
@with_appcontext
def give_role_command(email: str, role: str, unit_name: str | None, ward_name: str | None) -> None:
    """Give the account's person a role from today (logged; for a kommune with one admin)."""
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException(f"Fant ingen konto med e-post {normalise_email(email)}.")
    person = user.person
    scope = _scope(person.kommune_id, unit_name, ward_name)
    try:
        assignment = give_role(person, Role(role), scope, today(), None)
    except RoleError as error:
        raise click.ClickException(str(error)) from error
    invitations = invite_new_accounts([person.id], today())
    db.session.commit()
    send_invitations(invitations)
    current_app.logger.warning("Driftskommando give-role: %s fikk rollen %s (%s), tildeling %s.",
                               person.id, role, scope.label, assignment.id)
    click.echo(f"{person.full_name} har fått rollen {ROLE_LABELS[Role(role)]} ({scope.label}). Tildelingen står i "
               "tilgangsloggen.")


def _scope(kommune_id: int, unit_name: str | None, ward_name: str | None) -> Scope:
    if unit_name is None:
        if ward_name is not None:
            raise click.BadParameter("--avdeling trenger --enhet.", param_hint="--avdeling")
        return Scope()
    unit = db.session.scalar(select(Unit).where(Unit.kommune_id == kommune_id, Unit.name == unit_name))
    if unit is None:
        raise click.BadParameter(f"fant ingen enhet «{unit_name}» i kommunen.", param_hint="--enhet")
    if ward_name is None:
        return Scope(unit=unit)
    ward = db.session.scalar(select(Ward).where(Ward.unit_id == unit.id, Ward.name == ward_name))
    if ward is None:
        raise click.BadParameter(f"fant ingen avdeling «{ward_name}» i {unit.name}.", param_hint="--avdeling")
    return Scope(unit=unit, ward=ward)
