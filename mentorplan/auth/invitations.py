"""Invitations: how a real person gets a login.

Everyone with an e-mail address who gets a role or a mentorship (registered as a new hire,
appointed mentor or leader in the staff file) and has no account yet gets one, without a
password, and an invitation: a link that lets them choose their password. As with the reset link
(auth/reset.py), the token is 32 random bytes of which only the SHA-256 is kept; it runs out
after INVITATION_DAYS, works once, a new invitation replaces the one before, and it opens only an
account that has no password yet: it dies when a password is set by any route, when the login
address changes and when the account is deactivated (auth/links.py, the one lifecycle).

The messages are sent directly over SMTP, never through the notification queue, which keeps
each message's text: a link that opens an account must not be kept anywhere. Operations flush;
the caller commits and then sends what they return (`send_invitations`, in the request or
command itself).
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import exists, or_, select

from mentorplan.accounts.roles import current_roles, not_ended_on
from mentorplan.auth.mail import account_message, send_all_now
from mentorplan.auth.links import Link, consume, holder, issue
from mentorplan.clock import OSLO, today
from mentorplan.extensions import db
from mentorplan.models import Mentorship, Person, RoleAssignment, User
from mentorplan.models.types import utcnow
from mentorplan.plans.overview import in_programme_on


@dataclass(frozen=True)
class Invitation:
    user: User
    token: str

    @property
    def lifetime_days(self) -> int:
        return current_app.config["INVITATION_DAYS"]

    @property
    def link(self) -> str:
        """From BASE_URL, never from the request's Host header (which the requester controls); built
        without a request, since commands invite too."""
        path = current_app.url_map.bind("localhost").build("auth.accept_invitation", {"token": self.token})
        return current_app.config["BASE_URL"].rstrip("/") + path

    def message(self) -> EmailMessage:
        """From the kommune by name, saying why this person is invited (the roles, and for a new
        hire the unit and the mentor) and what mentorplan is: a mail a nurse can tell from phishing."""
        person, day = self.user.person, today()
        expires = self.user.invitation_expires_at
        values = dict(
            person=person, kommune=person.kommune.name, email=self.user.email, link=self.link,
            host=urlsplit(self.link).netloc, days=self.lifetime_days,
            expires_on=expires.astimezone(OSLO).date() if expires else None,
            roles=current_roles(person, day), mentorships=_mentorships_of(person, day),
            reply_to=current_app.config.get("MAIL_REPLY_TO"))
        environment = current_app.jinja_env  # no request context processors: commands invite too
        return account_message(
            self.user.email, "Du er invitert til mentorplan",
            environment.get_template("email/invitation.txt").render(**values),
            html=environment.get_template("email/invitation.html").render(**values),
            sender_name=f"{person.kommune.name} via mentorplan", signature="")


def _mentorships_of(person: Person, day: date) -> list[Mentorship]:
    """The person's mentorships as a new hire that have not ended (the invitation names the mentor)."""
    return list(db.session.scalars(select(Mentorship).where(Mentorship.mentee_id == person.id, in_programme_on(day))
                                   .order_by(Mentorship.start_date, Mentorship.id)))


def invite(user: User) -> Invitation:
    """A new invitation for the account, replacing any earlier one. Flushes."""
    if user.password_hash:
        raise ValueError("An account with a password is not invited.")
    lifetime = timedelta(days=current_app.config["INVITATION_DAYS"])
    token = issue(user, Link.INVITATION, lifetime)
    user.invited_at = user.invitation_expires_at - lifetime
    db.session.flush()
    return Invitation(user, token)


def needs_login(on: date):
    """People with a role or a mentorship (as mentee, mentor or back-up) that has not ended."""
    current_role = exists().where(RoleAssignment.person_id == Person.id, not_ended_on(on))
    current_mentorship = exists().where(
        or_(Mentorship.mentee_id == Person.id, Mentorship.mentor_id == Person.id,
            Mentorship.backup_mentor_id == Person.id),
        in_programme_on(on))
    return or_(current_role, current_mentorship)


def invite_new_accounts(person_ids, on: date) -> list[Invitation]:
    """An account and an invitation for each of these people who has an e-mail address, a role or
    a mentorship, and no account yet (`open_accounts`). Flushes."""
    return [invite(user) for user in open_accounts(person_ids, on)]


def open_accounts(person_ids, on: date) -> list[User]:
    """An account, without a password and not invited yet, for each of these people who has an
    e-mail address, a role or a mentorship, and no account yet: the staff file confirmed with «send
    the invitations later» stops here, and Kontoer sends them. An address that already belongs to
    another account gets none (the admin sees the person without an account). Flushes."""
    if not person_ids:
        return []
    people = db.session.scalars(
        select(Person).where(Person.id.in_(set(person_ids)), Person.email.is_not(None), Person.email != "",
                             ~exists().where(User.person_id == Person.id), needs_login(on))
        .order_by(Person.id))
    taken = set(db.session.scalars(select(User.email)))
    users = []
    for person in people:
        email = person.email.strip().lower()
        if email in taken:
            continue
        taken.add(email)
        users.append(User(person=person, email=email))
    db.session.add_all(users)
    db.session.flush()
    return users


def user_for_invitation(token: str) -> User | None:
    """The account a link belongs to while it works: None for a forged, used, replaced or expired
    one, and for an account that has chosen its password some other way since."""
    return holder(Link.INVITATION, token)


def accept(user: User, token: str, password: str) -> bool:
    """Take the link out of use and set the password, once: of two requests racing with the same
    link only one gets True, and never for an account that has a password. Flushes."""
    if user.password_hash or not consume(user, Link.INVITATION, token):
        return False
    user.set_password(password)
    db.session.flush()
    return True


def invitation_state(user: User | None, now: datetime | None = None) -> str:
    """What the admin's account list says of an account: "none", "waiting" (made, no invitation
    sent yet), "invited", "expired", "active", "deactivated"."""
    if user is None:
        return "none"
    if not user.is_active:
        return "deactivated"
    if user.password_hash:
        return "active"
    if user.invited_at is None:
        return "waiting"
    if user.invitation_expires_at is not None and user.invitation_expires_at > (now or utcnow()):
        return "invited"
    return "expired"


def send_invitations(invitations: list[Invitation]) -> list[Invitation]:
    """Send them now (after the commit); the ones that did not go (the server is down, or no
    SMTP_HOST), to be sent again from Kontoer."""
    sent = send_all_now([invitation.message() for invitation in invitations])
    return [invitation for invitation, ok in zip(invitations, sent) if not ok]
