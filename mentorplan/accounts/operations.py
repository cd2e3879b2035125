"""The admin's list of accounts and what the admin may do to one. Operations flush; the caller
commits (and sends the invitations returned)."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, or_, select

from mentorplan.accounts.roles import not_ended_on
from mentorplan.accounts.waiting import waiting_accounts
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

# What the list says of each state.
STATE_LABELS = {
    "none": "Ingen konto",
    "waiting": "Invitasjonen er ikke sendt",
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
        return bool(self.person.email) and self.state in ("none", "waiting", "invited", "expired")


def _account(*where):
    """A clause on Person: the person has an account (that matches `where`)."""
    return exists().where(User.person_id == Person.id, *where)


def _without_password(*where):
    """An active account not taken into use: no password chosen, no single sign-on login."""
    return _account(User.password_hash.is_(None), User.sso_subject.is_(None), User.is_enabled.is_(True), *where)


def invitation_waiting(kommune_id: int, on: date):
    """Accounts made and never sent their invitation (the staff file confirmed with «send later»):
    what Kontoer's «Send ventende invitasjoner» sends (accounts/waiting.py), so the two agree."""
    return Person.id.in_(waiting_accounts(kommune_id, on).with_only_columns(User.person_id).order_by(None))


def invitation_open(now: datetime):
    """Sent, the link still works, no password chosen yet."""
    return _without_password(User.invited_at.is_not(None), User.invitation_expires_at > now)


def invitation_expired(now: datetime):
    """Sent, and the link no longer works (run out, or replaced by a change of address), with no
    password chosen."""
    return _without_password(User.invited_at.is_not(None), or_(User.invitation_expires_at.is_(None),
                                                                User.invitation_expires_at <= now))


# ?vis= on Kontoer: the list narrowed to one kind of invitation, or widened to the whole kommune.
SHOWN = {
    "venter": "Invitasjonen er ikke sendt",
    "sendt": "Invitert, ikke tatt i bruk ennå",
    "utlopt": "Invitasjonen har gått ut",
    "alle": "Alle i kommunen",
}
INVITATION_FILTERS = {
    "venter": lambda kommune_id, on, now: invitation_waiting(kommune_id, on),
    "sendt": lambda kommune_id, on, now: invitation_open(now),
    "utlopt": lambda kommune_id, on, now: invitation_expired(now),
}


def accounts_query(kommune_id: int, on: date, now: datetime, search: str = "", shown: str = ""):
    """The kommune's people by name: those who have an account or need one (a role or a
    mentorship); a search or «alle» looks through everyone, so a person without a role can be
    found and given one; `shown` (SHOWN) narrows to one kind of invitation."""
    query = (select(Person).where(Person.kommune_id == kommune_id)
             .order_by(Person.last_name, Person.first_name, Person.id))
    if shown in INVITATION_FILTERS:
        query = query.where(INVITATION_FILTERS[shown](kommune_id, on, now))
    elif shown != "alle" and not search:
        query = query.where(or_(_account(), needs_login(on)))
    if search:
        query = query.where(or_(person_matches(search), func.lower(Person.email).like(f"%{search.lower()}%")))
    return query


def invitation_counts(kommune_id: int, on: date, now: datetime) -> dict[str, int]:
    """How many of the kommune's people each invitation filter holds (the admin's start page)."""
    return {shown: db.session.scalar(select(func.count(Person.id)).where(
        Person.kommune_id == kommune_id, clause(kommune_id, on, now))) for shown, clause in INVITATION_FILTERS.items()}


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
