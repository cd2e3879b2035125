"""Accounts waiting for their invitation: made when the staff file was confirmed with «send the
invitations later», and sent by the admin with one button in Kontoer. Flushes; the caller commits
and then sends the invitations returned."""
from datetime import date

from sqlalchemy import func, select

from mentorplan.auth.invitations import Invitation, invite, needs_login
from mentorplan.extensions import db
from mentorplan.models import Person, User
from mentorplan.people.leaving import has_left


def waiting_accounts(kommune_id: int, on: date):
    """A select of the kommune's accounts never invited and without a password (nor a single
    sign-on login), active, of people who still need a login and have not left."""
    return (select(User).join(Person, Person.id == User.person_id)
            .where(Person.kommune_id == kommune_id, User.password_hash.is_(None), User.invited_at.is_(None),
                   User.sso_subject.is_(None), User.is_enabled.is_(True), needs_login(on), ~has_left(on))
            .order_by(User.id))


def count_waiting(kommune_id: int, on: date) -> int:
    return db.session.scalar(select(func.count()).select_from(waiting_accounts(kommune_id, on).subquery()))


def invite_waiting(kommune_id: int, on: date) -> list[Invitation]:
    return [invite(user) for user in db.session.scalars(waiting_accounts(kommune_id, on))]
