"""The admin's list of accounts and what the admin may do to one. Operations flush; the caller
commits (and sends the invitations returned)."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, or_, select

from mentorplan.accounts.roles import not_ended_on
from mentorplan.auth.invitations import (
    Invitation,
    invitation_state,
    invite,
    needs_login,
)
from mentorplan.auth.links import end_secrets
from mentorplan.extensions import db
from mentorplan.models import Mentorship, Person, RoleAssignment, User, person_matches
from mentorplan.plans.overview import in_programme_on

# What the list says of each state, and which states the filter offers.
STATE_LABELS = {
    "none": "Ingen konto",
    "invited": "Invitert",
    "expired": "Invitasjonen har gått ut",
    "active": "Aktiv",
    "deactivated": "Deaktivert",
}


class AccountError(ValueError):
    """Why the admin's action cannot be done, in words for the page."""


@dataclass(frozen=True)
class AccountRow:
    person: Person
    user: User | None
    state: str
    roles: list[RoleAssignment]
    is_mentee: bool

    @property
    def can_invite(self) -> bool:
        return bool(self.person.email) and self.state in ("none", "invited", "expired")


def accounts_query(kommune_id: int, on: date, search: str = ""):
    """The kommune's people who have an account or need one (a role or a mentorship), by name."""
    has_account = exists().where(User.person_id == Person.id)
    query = (select(Person).where(Person.kommune_id == kommune_id, or_(has_account, needs_login(on)))
             .order_by(Person.last_name, Person.first_name, Person.id))
    if search:
        query = query.where(or_(person_matches(search), func.lower(Person.email).like(f"%{search.lower()}%")))
    return query


def account_rows(people: list[Person], on: date, now: datetime) -> list[AccountRow]:
    """The page's rows, with each person's account, current roles and whether they are a mentee
    (one query each for the page)."""
    person_ids = [person.id for person in people]
    mentees = set(db.session.scalars(select(Mentorship.mentee_id).where(
        Mentorship.mentee_id.in_(person_ids), in_programme_on(on))))
    users = {user.person_id: user for user in db.session.scalars(select(User).where(User.person_id.in_(person_ids)))}
    roles: dict[int, list[RoleAssignment]] = {}
    for assignment in db.session.scalars(
            select(RoleAssignment).where(RoleAssignment.person_id.in_(person_ids), not_ended_on(on))
            .order_by(RoleAssignment.role, RoleAssignment.id)):
        roles.setdefault(assignment.person_id, []).append(assignment)
    return [AccountRow(person, users.get(person.id), invitation_state(users.get(person.id), now),
                       roles.get(person.id, []), person.id in mentees) for person in people]


def invite_again(person: Person) -> Invitation:
    """An invitation for a person without a password yet: a new account if none, else a new link
    (the one before stops working). Flushes."""
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    if user is not None and user.password_hash:
        raise AccountError(f"{person.full_name} har allerede valgt passord og kan logge inn.")
    if user is not None and not user.is_active:
        raise AccountError(f"Kontoen til {person.full_name} er deaktivert. Aktiver den først.")
    if user is None:
        email = (person.email or "").strip().lower()
        if not email:
            raise AccountError(f"{person.full_name} har ingen e-postadresse. Legg den inn i personalfilen først.")
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            raise AccountError(f"E-postadressen {email} brukes allerede av en annen konto.")
        user = User(person=person, email=email)
        db.session.add(user)
    return invite(user)


def deactivate(user: User, by_person_id: int) -> None:
    """No more logins; every session of the account ends, and every link and calendar feed stops
    working (activating the account again brings none of them back)."""
    if user.person_id == by_person_id:
        raise AccountError("Du kan ikke deaktivere din egen konto.")
    user.is_enabled = False  # ends the sessions (models/accounts.py)
    end_secrets(user)


def activate(user: User) -> None:
    user.is_enabled = True
    db.session.flush()
