import json

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import Kommune, Mentorship, Person
from mentorplan.plans.export import plan_as_dict


def find_person(employee_number: str, kommune_name: str | None) -> Person:
    query = select(Person).where(Person.employee_number == employee_number)
    if kommune_name:
        query = query.join(Person.kommune).where(Kommune.name == kommune_name)
    people = list(db.session.scalars(query))
    if not people:
        raise click.ClickException(f"Fant ingen ansatt med ansattnr {employee_number}.")
    if len(people) > 1:
        raise click.ClickException(f"Ansattnr {employee_number} finnes i flere kommuner; oppgi --kommune.")
    return people[0]


def find_mentorship(employee_number: str, kommune_name: str | None) -> Mentorship:
    person = find_person(employee_number, kommune_name)
    mentorship = db.session.scalars(
        select(Mentorship).where(Mentorship.mentee_id == person.id).order_by(Mentorship.start_date.desc())
    ).first()
    if mentorship is None or mentorship.plan is None:
        raise click.ClickException(f"Ansatt {employee_number} har ingen mentorplan.")
    return mentorship


@click.command("plan")
@click.argument("employee_number", metavar="ANSATTNR")
@click.option("--format", "output_format", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--kommune", "kommune_name", help="Kommunen, når ansattnummeret finnes i flere.")
@with_appcontext
def plan(employee_number: str, output_format: str, kommune_name: str | None) -> None:
    """Print one mentee's plan."""
    mentorship = find_mentorship(employee_number, kommune_name)
    click.echo(json.dumps(plan_as_dict(mentorship, today()), ensure_ascii=False, indent=2))
