import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from mentorplan.auth.identity import normalise_email
from mentorplan.auth.passwords import password_problem
from mentorplan.commands import kommune_option, resolve_kommune
from mentorplan.extensions import db
from mentorplan.models import Person, Role, RoleAssignment, User


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
