"""What several commands share."""
from collections.abc import Callable
from typing import NoReturn, TypeVar

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.plans.operations import ProgrammeError, kommune_default_template


def kommune_option(function):
    return click.option("--kommune", "kommune_name",
                        help="Kommunen (opprettes om den ikke finnes; kan utelates når det bare er én).")(function)


def resolve_kommune(name: str | None) -> Kommune:
    """The named kommune (created with its default template if new), or the only one there is."""
    if name:
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
        if kommune is None:
            kommune = Kommune(name=name)
            db.session.add(kommune)
            kommune_default_template(kommune)
        return kommune
    kommuner = list(db.session.scalars(select(Kommune)))
    if len(kommuner) != 1:
        raise click.UsageError("Oppgi kommunen med --kommune NAVN (den opprettes om den ikke finnes).")
    return kommuner[0]


def fail(messages: list[str]) -> NoReturn:
    """Print the messages on stderr and exit with status 1."""
    for message in messages:
        click.echo(message, err=True)
    raise click.exceptions.Exit(1)


T = TypeVar("T")


def all_or_nothing(work: Callable[[], T], file_error: type[Exception]) -> T:
    """Run an import and commit it, or roll all of it back and exit with the reasons on stderr:
    each of the file's errors (`file_error` with `.errors`), or one line for anything unexpected."""
    try:
        result = work()
        db.session.commit()
        return result
    except file_error as error:
        db.session.rollback()
        errors = getattr(error, "errors", [error])
        fail([str(e) for e in errors] + [f"Ingenting er lagret ({len(errors)} feil)."])
    except click.ClickException:
        db.session.rollback()
        raise
    except Exception as error:  # the command is the edge: a message, never a stack trace
        db.session.rollback()
        fail([f"Importen ble avbrutt, og ingenting er lagret: {describe(error)}"])


def describe(error: Exception) -> str:
    """An unexpected error in a line a user can act on."""
    if isinstance(error, ProgrammeError):
        return str(error)
    if isinstance(error, SQLAlchemyError):
        # The driver's own first line names the broken rule without the whole statement.
        return "databasefeil: " + str(getattr(error, "orig", None) or error).splitlines()[0]
    if isinstance(error, OSError):
        return f"filen kunne ikke leses ({error.strerror or error})."
    return f"{type(error).__name__}: {error}"
