import click
from flask.cli import with_appcontext

from mentorplan.clock import today
from mentorplan.feeds.events import person_feed
from mentorplan.feeds.ical import calendar_bytes
from mentorplan.plans.cli import find_person


@click.command("ics")
@click.argument("employee_number", metavar="ANSATTNR")
@click.option("--kommune", "kommune_name", help="Kommunen, når ansattnummeret finnes i flere.")
@with_appcontext
def ics(employee_number: str, kommune_name: str | None) -> None:
    """Print that person's calendar (iCalendar), as their personal feed has it."""
    person = find_person(employee_number, kommune_name)
    # As bytes: iCalendar lines end in CRLF, which a text stream might translate.
    click.echo(calendar_bytes(person_feed(person, today())), nl=False)
