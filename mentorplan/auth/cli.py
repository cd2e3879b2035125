import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select, update

from mentorplan.auth.identity import normalise_email
from mentorplan.auth.passwords import password_problem
from mentorplan.commands import kommune_option, resolve_kommune
from mentorplan.extensions import db
from mentorplan.models import Kommune, Person, Role, RoleAssignment, User


@click.command("create-admin")
@click.argument("email")
@kommune_option
@click.password_option("--password", prompt="Passord", confirmation_prompt="Gjenta passordet")
@with_appcontext
def create_admin(email: str, kommune_name: str | None, password: str) -> None:
    """Create an admin account, asking for the password."""
    email = normalise_email(email)
    if "@" not in email:
        raise click.BadParameter("ugyldig e-postadresse.", param_hint="EMAIL")
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    if db.session.scalar(select(User).where(User.email == email)) is not None:
        raise click.ClickException(f"Det finnes allerede en bruker med e-post {email}.")
    kommune = resolve_kommune(kommune_name)
    admins = db.session.scalar(select(func.count()).select_from(RoleAssignment)
                               .where(RoleAssignment.role == Role.ADMIN)) or 0
    person = Person(kommune=kommune, employee_number=f"admin-{admins + 1}",
                    first_name="Administrator", last_name=email.split("@")[0], email=email)
    user = User(person=person, email=email)
    user.set_password(password)
    db.session.add_all([person, user, RoleAssignment(person=person, role=Role.ADMIN, kommune=kommune)])
    db.session.commit()
    click.echo(f"Administrator {email} opprettet i {kommune.name}.")


@click.command("totp-off")
@click.argument("email")
@with_appcontext
def totp_off(email: str) -> None:
    """Switch off the second factor of an account whose phone is lost (the person sets it up again)."""
    email = normalise_email(email)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        raise click.ClickException(f"Fant ingen bruker med e-post {email}.")
    if not user.totp_enabled and user.totp_secret is None:
        click.echo(f"{email} har ikke tofaktorinnlogging; ingenting endret.")
        return
    user.totp_secret = None
    user.totp_enabled = False
    user.totp_last_step = None
    # Whoever holds the lost phone may also hold a logged-in session on it.
    user.end_sessions()
    db.session.commit()
    click.echo(f"Tofaktorinnlogging er slått av for {email}, og alle øktene er avsluttet.")


@click.command("sso-issuer")
@click.argument("kommune_name", metavar="NAVN")
@click.argument("issuer", required=False)
@click.option("--off", is_flag=True, help="Slå av innlogging med kommunens konto for kommunen.")
@with_appcontext
def sso_issuer(kommune_name: str, issuer: str | None, off: bool) -> None:
    """Name the OpenID Connect issuer (Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0)
    whose word opens the kommune's accounts, or with --off let single sign-on open none of them."""
    if off == bool(issuer):
        raise click.UsageError("Oppgi enten ISSUER eller --off.")
    issuer = issuer.strip().rstrip("/") if issuer else None
    if issuer is not None and (not issuer.startswith(("https://", "http://")) or len(issuer) > 255):
        raise click.BadParameter("en utsteder er en adresse som https://login.microsoftonline.com/<tenant id>/v2.0.",
                                 param_hint="ISSUER")
    kommune = db.session.scalar(select(Kommune).where(Kommune.name == kommune_name))
    if kommune is None:
        raise click.ClickException(f"Fant ingen kommune som heter {kommune_name}.")
    if (kommune.sso_issuer or "").rstrip("/") == (issuer or ""):
        click.echo(f"{kommune.name}: {_sso_state(issuer)} allerede; ingenting endret.")
        return
    kommune.sso_issuer = issuer
    # A subject is the old issuer's name for a person; the new one's names differ.
    unbound = db.session.execute(
        update(User).where(User.sso_subject.is_not(None),
                           User.person_id.in_(select(Person.id).where(Person.kommune_id == kommune.id)))
        .values(sso_subject=None)).rowcount
    db.session.commit()
    click.echo(f"{kommune.name}: {_sso_state(issuer)}." + (
        f" {unbound} konto(er) knyttes på nytt ved neste innlogging." if unbound else ""))
    configured = (current_app.config.get("OIDC_ISSUER") or "").rstrip("/")
    if issuer and configured != issuer:
        click.echo(f"Merk: mentorplan er satt opp med utstederen {configured or '(ingen)'} "
                   "(MENTORPLAN_OIDC_ISSUER); bare den kan logge inn noen.", err=True)


def _sso_state(issuer: str | None) -> str:
    if issuer is None:
        return "innlogging med kommunens konto er slått av"
    return f"innlogging med kommunens konto er slått på, med utstederen {issuer}"
