"""Login accounts and the roles people hold, each scoped to a kommune, enhet or avdeling."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .organisation import Kommune, Unit, Ward
from .people import Person
from .types import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    ADMIN = "admin"
    HR = "hr"
    ENHETSLEDER = "enhetsleder"
    AVDELINGSLEDER = "avdelingsleder"
    MENTOR = "mentor"
    # Being a mentee is not assigned: it follows from having a mentorship.
    MENTEE = "mentee"


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.HR: "HR",
    Role.ENHETSLEDER: "Enhetsleder",
    Role.AVDELINGSLEDER: "Avdelingsleder",
    Role.MENTOR: "Mentor",
    Role.MENTEE: "Nytilsatt",
}

ASSIGNABLE_ROLES = (Role.ADMIN, Role.HR, Role.ENHETSLEDER, Role.AVDELINGSLEDER, Role.MENTOR)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(256))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)


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
