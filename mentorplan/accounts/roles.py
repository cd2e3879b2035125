"""Giving and ending roles on the web: the admin appoints mentors, leaders, HR and admins.

A role's scope follows the role: admin and HR hold theirs in the whole kommune, an enhetsleder
and a mentor in a unit, an avdelingsleder in a ward (or in every ward of a unit). Ending a role
keeps its history: the assignment gets the last day it held. Operations flush; the caller commits.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from mentorplan.extensions import db
from mentorplan.privacy.access_log import log_grant
from mentorplan.models import (
    ROLE_LABELS,
    AccessKind,
    Employment,
    Mentorship,
    Person,
    Role,
    RoleAssignment,
    Unit,
    Ward,
)

KOMMUNE_ROLES = (Role.ADMIN, Role.HR)
UNIT_ROLES = (Role.ENHETSLEDER, Role.MENTOR)


class RoleError(ValueError):
    """Why the role cannot be given or ended, in words for the page."""


@dataclass(frozen=True)
class Scope:
    unit: Unit | None = None
    ward: Ward | None = None

    @property
    def key(self) -> str:
        return f"ward:{self.ward.id}" if self.ward else f"unit:{self.unit.id}" if self.unit else "kommune"

    @property
    def label(self) -> str:
        if self.ward:
            return f"{self.ward.unit.name}, {self.ward.name}"
        return f"{self.unit.name} (hele enheten)" if self.unit else "Hele kommunen"


def scopes(kommune_id: int) -> list[Scope]:
    """The kommune, each unit and each ward, in the order the form offers them."""
    units = db.session.scalars(select(Unit).where(Unit.kommune_id == kommune_id).order_by(Unit.name))
    found = [Scope()]
    for unit in units:
        found.append(Scope(unit=unit))
        found += [Scope(unit=unit, ward=ward) for ward in sorted(unit.wards, key=lambda w: w.name)]
    return found


def not_ended_on(on: date):
    """Role assignments not ended by the day: held now, or to begin later."""
    return or_(RoleAssignment.valid_to.is_(None), RoleAssignment.valid_to >= on)


def current_roles(person: Person, on: date) -> list[RoleAssignment]:
    return list(db.session.scalars(
        select(RoleAssignment).where(RoleAssignment.person_id == person.id, not_ended_on(on))
        .order_by(RoleAssignment.role, RoleAssignment.id)))


def give_role(person: Person, role: Role, scope: Scope, on: date, by_person_id: int | None) -> RoleAssignment:
    """The role in the scope from the day, unless the scope does not fit the role, the person holds
    it there already, or gives it to themselves (another admin must; a kommune with one admin has
    the operator's `give-role`, whose `by_person_id` is None). Logged. Flushes."""
    label = ROLE_LABELS[role]
    if person.id == by_person_id:
        raise RoleError("Du kan ikke gi deg selv en rolle. En annen administrator må gjøre det; har kommunen "
                        "bare én, kan driftsansvarlig bruke kommandoen give-role (den logges).")
    if role in KOMMUNE_ROLES and (scope.unit or scope.ward):
        raise RoleError(f"{label} gjelder hele kommunen: velg «Hele kommunen».")
    if role in UNIT_ROLES and (scope.unit is None or scope.ward is not None):
        raise RoleError(f"{label} gjelder en enhet: velg enheten (hele enheten).")
    if role is Role.AVDELINGSLEDER and scope.unit is None:
        raise RoleError("Avdelingsleder gjelder en avdeling eller alle avdelingene i en enhet: velg den.")
    unit_id, ward_id = (scope.unit.id if scope.unit else None), (scope.ward.id if scope.ward else None)
    held = [a for a in current_roles(person, on) if (a.role, a.unit_id, a.ward_id) == (role, unit_id, ward_id)]
    if held:
        raise RoleError(f"{person.full_name} har allerede rollen {label} der ({scope.label}).")
    assignment = RoleAssignment(person=person, role=role, kommune_id=person.kommune_id, unit_id=unit_id,
                                ward_id=ward_id, valid_from=on)
    db.session.add(assignment)
    db.session.flush()
    log_grant(by_person_id, AccessKind.ROLE, assignment.id, person.id)
    return assignment


def end_role(assignment: RoleAssignment, on: date, by_person_id: int) -> list[Mentorship]:
    """The role ends: its last day is the day before `on` (an assignment that had not begun is
    removed). For a mentor, the mentorships they still hold as mentor are returned, to be given a
    new mentor. Flushes."""
    if assignment.role is Role.ADMIN and assignment.person_id == by_person_id:
        raise RoleError("Du kan ikke avslutte din egen administratorrolle.")
    if assignment.valid_to is not None and assignment.valid_to < on:
        raise RoleError("Rollen er allerede avsluttet.")
    if assignment.valid_from is not None and assignment.valid_from >= on:
        db.session.delete(assignment)
    else:
        assignment.valid_to = on - timedelta(days=1)
    db.session.flush()
    if assignment.role is not Role.MENTOR:
        return []
    return list(db.session.scalars(
        select(Mentorship).join(Mentorship.employment)
        .where(Mentorship.mentor_id == assignment.person_id, Employment.unit_id == assignment.unit_id,
               or_(Mentorship.end_date.is_(None), Mentorship.end_date >= on))
        .order_by(Mentorship.start_date)))
