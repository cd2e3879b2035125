"""Login accounts and the roles people hold, each scoped to a kommune, enhet or avdeling."""
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.auth.passwords import hash_password, needs_rehash, verify_password
from mentorplan.extensions import db
from mentorplan.models.organisation import Kommune, Unit, Ward
from mentorplan.models.people import Person
from mentorplan.models.types import UTCDateTime, enum_column, utcnow
from mentorplan.vocabulary import Role

ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.HR: "HR",
    Role.ENHETSLEDER: "Enhetsleder",
    Role.AVDELINGSLEDER: "Avdelingsleder",
    Role.MENTOR: "Mentor",
    Role.MENTEE: "Nytilsatt",
}

# The columns of the secret links that act for an account (auth/links.py), and the address one of
# them confirms.
LINK_COLUMNS = ("reset_token_hash", "reset_token_expires_at", "invitation_token_hash", "invitation_expires_at",
                "email_token_hash", "email_token_expires_at", "pending_email")

ASSIGNABLE_ROLES = (Role.ADMIN, Role.HR, Role.ENHETSLEDER, Role.AVDELINGSLEDER, Role.MENTOR)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    # Part of every session and remember-me cookie (see get_id); raising it ends them all.
    session_version: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The newest password-reset link: only the SHA-256 of its token is kept, so a copy of the
    # database opens no account. A newer link, a new password or a new e-mail address clears it.
    reset_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    reset_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The invitation that lets a new account set its first password: as with the reset link, only
    # the SHA-256 of its token is kept; invited_at is when the newest one was sent.
    invitation_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    invitation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A new login address waits here until the link sent to it is followed (SHA-256 kept, as above).
    pending_email: Mapped[str | None] = mapped_column(sa.String(254))
    email_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    email_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The single sign-on provider's stable subject (`sub`, or Entra ID's `oid`), bound on first use
    # and required afterwards: an address claimed by the provider alone opens no account.
    sso_subject: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    # TOTP (RFC 6238), optional, for admin and HR. The secret is kept from enrolment; the second
    # factor is asked for only once it is confirmed (totp_enabled). totp_last_step is the time step
    # of the last code accepted: a code is never accepted twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    person: Mapped[Person] = relationship()

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: the id and the session version."""
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every session and remember-me cookie issued so far stops working (logout, new password, deactivation)."""
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        """By any route (invitation, reset link, the profile, the operator): every session ends and
        every secret link dies (auth/links.py), an old invitation mail too."""
        self.password_hash = hash_password(password, current_app.config["PASSWORD_HASH_METHOD"])
        self.end_sessions()
        self.end_links()

    def end_links(self) -> None:
        """Every reset, invitation and address-confirmation link stops working (auth/links.py)."""
        for column in LINK_COLUMNS:
            setattr(self, column, None)

    def clear_reset_token(self) -> None:
        self.reset_token_hash = None
        self.reset_token_expires_at = None

    def check_password(self, password: str) -> bool:
        """Whether the password is right; a right one stored the old way is hashed anew (argon2id)."""
        if not verify_password(self.password_hash, password):
            return False
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if needs_rehash(self.password_hash, method):
            self.password_hash = hash_password(password, method)
        return True


@sa.event.listens_for(User.is_enabled, "set")
def _deactivation_ends_sessions(user: User, value, old, initiator) -> None:
    if value is False and old is not False:
        user.end_sessions()


class RoleAssignment(db.Model):
    """A role a person holds; the scope is the narrowest of ward, unit and kommune given."""

    __table_args__ = (
        sa.CheckConstraint("role <> 'mentee'", name="mentee_is_not_assigned"),
        sa.CheckConstraint("valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
                           name="valid_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id"), index=True)
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    person: Mapped[Person] = relationship()
    kommune: Mapped[Kommune] = relationship()
    unit: Mapped[Unit | None] = relationship()
    ward: Mapped[Ward | None] = relationship()

    def is_valid(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )

    @property
    def scope_label(self) -> str:
        if self.ward is not None:
            return f"{self.ward.unit.name}, {self.ward.name}"
        if self.unit is not None:
            return self.unit.name
        return self.kommune.name


class FailedLogin(db.Model):
    """A failed login (or a reset request, or a wrong TOTP code), counted per account and per address to throttle guessing. Kept in the
    database so that every worker process (and every server behind the proxy) sees the same count."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # What was tried: a login ("login"), a password-reset request ("reset") or a TOTP code ("totp");
    # each is counted on its own.
    kind: Mapped[str] = mapped_column(sa.String(16), default="login", server_default="login")
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    address: Mapped[str] = mapped_column(sa.String(45), index=True)
