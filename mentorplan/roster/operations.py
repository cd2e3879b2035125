"""The unit's mentor roster: appointments, load, warnings and the funksjonstillegg for payroll.

A mentor appointment is a `RoleAssignment` (role mentor, scoped to the unit, valid from/to).
Operations add and flush; the caller commits once.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from mentorplan.extensions import db
from mentorplan.models import (
    AccessKind,
    Employment,
    Mentorship,
    Person,
    Role,
    RoleAssignment,
    Unit,
    UnitMentorTerms,
)
from mentorplan.models.roster import DEFAULT_ANNUAL_SUPPLEMENT, DEFAULT_MENTEE_LIMIT
from mentorplan.planning.supplement import (
    Period,
    months_served,
    served_period,
    supplement,
)
from mentorplan.plans.operations import ProgrammeError
from mentorplan.privacy.access_log import log_grant


def terms_of(unit: Unit) -> UnitMentorTerms:
    """The unit's terms; the defaults (NOK 15 000 a year, three mentees) until it sets its own."""
    terms = db.session.get(UnitMentorTerms, unit.id)
    if terms is None:
        terms = UnitMentorTerms(unit_id=unit.id, annual_supplement=DEFAULT_ANNUAL_SUPPLEMENT,
                                mentee_limit=DEFAULT_MENTEE_LIMIT)
    return terms


def set_terms(unit: Unit, annual_supplement: int, mentee_limit: int) -> UnitMentorTerms:
    terms = db.session.get(UnitMentorTerms, unit.id) or UnitMentorTerms(unit_id=unit.id)
    terms.annual_supplement, terms.mentee_limit = annual_supplement, mentee_limit
    db.session.add(terms)
    db.session.flush()
    return terms


def appointments(unit: Unit) -> list[RoleAssignment]:
    """Every mentor appointment at the unit, past and present, by name and start."""
    query = (select(RoleAssignment).join(RoleAssignment.person).options(contains_eager(RoleAssignment.person))
             .where(RoleAssignment.role == Role.MENTOR, RoleAssignment.unit_id == unit.id)
             .order_by(Person.last_name, Person.first_name, RoleAssignment.valid_from))
    return list(db.session.scalars(query))


def period_text(first: date | None, last: date | None) -> str:
    return f"{f'{first:%d.%m.%Y}' if first else 'før'}–{f'{last:%d.%m.%Y}' if last else 'ingen sluttdato'}"


def _overlap(a_from, a_to, b_from, b_to) -> bool:
    return (a_to is None or b_from is None or b_from <= a_to) and (b_to is None or a_from is None or a_from <= b_to)


def appoint_mentor(unit: Unit, person: Person, valid_from: date, valid_to: date | None,
                   by_person_id: int | None) -> RoleAssignment:
    """Appoint a mentor at the unit; an appointment overlapping one they already hold there is
    refused, and so is appointing oneself (another leader must). Logged."""
    if person.kommune_id != unit.kommune_id:
        raise ProgrammeError("Personen er ikke ansatt i kommunen.")
    if person.id == by_person_id:
        raise ProgrammeError("Du kan ikke oppnevne deg selv som mentor. En annen leder eller administratoren må gjøre det.")
    if valid_to is not None and valid_to < valid_from:
        raise ProgrammeError("Sluttdatoen kan ikke være før startdatoen.")
    for existing in appointments(unit):
        if existing.person_id == person.id and _overlap(existing.valid_from, existing.valid_to, valid_from, valid_to):
            raise ProgrammeError(
                f"{person.full_name} er allerede mentor ved {unit.name} i perioden "
                f"{period_text(existing.valid_from, existing.valid_to)}. Avslutt den oppnevningen først, "
                "eller velg en periode som ikke overlapper.")
    assignment = RoleAssignment(person=person, role=Role.MENTOR, kommune_id=unit.kommune_id, unit=unit,
                                valid_from=valid_from, valid_to=valid_to)
    db.session.add(assignment)
    db.session.flush()
    log_grant(by_person_id, AccessKind.ROLE, assignment.id, person.id)
    return assignment


@dataclass
class RosterRow:
    appointment: RoleAssignment
    active: bool
    mentees: list[Mentorship] = field(default_factory=list)
    over_limit: bool = False


@dataclass
class Roster:
    unit: Unit
    terms: UnitMentorTerms
    rows: list[RosterRow]
    minimum: int

    @property
    def active(self) -> list[RosterRow]:
        return [r for r in self.rows if r.active]

    @property
    def too_few(self) -> bool:
        return len({r.appointment.person_id for r in self.active}) < self.minimum

    @property
    def over_limit(self) -> list[RosterRow]:
        return [r for r in self.active if r.over_limit]


def active_mentorships(unit: Unit, day: date) -> list[Mentorship]:
    query = select(Mentorship).join(Mentorship.employment).where(Employment.unit_id == unit.id)
    return [m for m in db.session.scalars(query) if m.is_active(day)]


def roster(unit: Unit, day: date, minimum: int, mentorships: list[Mentorship] | None = None) -> Roster:
    """Each appointment with the mentor's current mentees at the unit, and what needs the leader's eye.
    `mentorships`: the unit's mentorships active on the day, when the caller has them already."""
    terms = terms_of(unit)
    if mentorships is None:
        mentorships = active_mentorships(unit, day)
    rows = []
    for appointment in appointments(unit):
        active = appointment.is_valid(day)
        mentees = [m for m in mentorships if m.mentor_id == appointment.person_id] if active else []
        rows.append(RosterRow(appointment, active, mentees, len(mentees) > terms.mentee_limit))
    return Roster(unit, terms, rows, minimum)


@dataclass(frozen=True)
class PayrollLine:
    unit: str
    employee_number: str
    name: str
    first: date
    last: date
    months: Decimal
    annual: int
    amount: Decimal


def payroll(units: list[Unit], period: Period) -> list[PayrollLine]:
    """One line per mentor appointment that overlaps the period, with its pro-rated supplement."""
    lines = []
    for unit in units:
        annual = terms_of(unit).annual_supplement
        for a in appointments(unit):
            served = served_period(a.valid_from, a.valid_to, period)
            if served is None:
                continue
            lines.append(PayrollLine(unit.name, a.person.employee_number, a.person.full_name, served.first,
                                     served.last, months_served(served).quantize(Decimal("0.01")), annual,
                                     supplement(annual, a.valid_from, a.valid_to, period)))
    return lines
