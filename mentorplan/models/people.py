"""Persons (employees) and their employments."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Kommune, Unit, Ward
from mentorplan.models.types import UTCDateTime, enum_column
from mentorplan.vocabulary import (
    EMAIL_LENGTH,
    EMPLOYEE_NUMBER_LENGTH,
    PERSON_NAME_LENGTH,
    EndReason,
    Profession,
)

PROFESSION_LABELS = {
    Profession.SYKEPLEIER: "Sykepleier",
    Profession.SPESIALSYKEPLEIER: "Spesialsykepleier",
    Profession.VERNEPLEIER: "Vernepleier",
    Profession.HELSEFAGARBEIDER: "Helsefagarbeider",
    Profession.ANNET: "Annet",
}


END_REASON_LABELS = {
    EndReason.FRIVILLIG: "Sa opp selv",
    EndReason.ARBEIDSGIVER: "Avsluttet av arbeidsgiver",
    EndReason.INTERN_OVERGANG: "Intern overgang",
    EndReason.PENSJON: "Pensjon",
    EndReason.MIDLERTIDIG_UTLOPT: "Midlertidig stilling utløpt",
    EndReason.ANNET: "Annet",
}


class Person(db.Model):
    """An employee of a kommune. No national identity number is ever stored."""

    __table_args__ = (
        sa.UniqueConstraint("kommune_id", "employee_number"),
        # HR's people list: one kommune, in name order, a page at a time.
        sa.Index("ix_person_kommune_name", "kommune_id", "last_name", "first_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    employee_number: Mapped[str] = mapped_column(sa.String(EMPLOYEE_NUMBER_LENGTH))
    first_name: Mapped[str] = mapped_column(sa.String(PERSON_NAME_LENGTH))
    last_name: Mapped[str] = mapped_column(sa.String(PERSON_NAME_LENGTH))
    email: Mapped[str | None] = mapped_column(sa.String(EMAIL_LENGTH))
    # Set when the person's personal data was anonymised, a while after their last employment ended
    # (mentorplan/privacy/anonymise.py); the employments stay, for the retention statistics.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    kommune: Mapped[Kommune] = relationship()
    employments: Mapped[list["Employment"]] = relationship(
        back_populates="person", order_by="Employment.start_date"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def current_employment(self, on: date) -> "Employment | None":
        active = [e for e in self.employments if e.is_active(on)]
        return active[-1] if active else None

    def __repr__(self) -> str:
        return f"<Person {self.employee_number}>"


def person_matches(term: str):
    """A clause on Person: the term is part of the full name (any case), or is the employee number."""
    pattern = f"%{term.lower()}%"
    return sa.or_(sa.func.lower(Person.first_name + " " + Person.last_name).like(pattern),
                  Person.employee_number == term)


class Employment(db.Model):
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR end_date >= start_date", name="ends_after_start"),
        sa.CheckConstraint("position_percent BETWEEN 1 AND 100", name="position_percent_range"),
        sa.CheckConstraint("end_date IS NULL OR end_reason IS NOT NULL", name="end_has_reason"),
        sa.UniqueConstraint("person_id", "unit_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id"), index=True)
    # Indexed: the retention report selects hires by their start date.
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date | None]
    end_reason: Mapped[EndReason | None] = mapped_column(enum_column(EndReason))
    position_percent: Mapped[int] = mapped_column(default=100)
    profession: Mapped[Profession] = mapped_column(enum_column(Profession))
    newly_graduated: Mapped[bool] = mapped_column(default=False)

    person: Mapped[Person] = relationship(back_populates="employments")
    unit: Mapped[Unit] = relationship()
    ward: Mapped[Ward | None] = relationship()
    position_changes: Mapped[list["PositionChange"]] = relationship(
        back_populates="employment", order_by="PositionChange.from_date", cascade="all, delete-orphan")

    def is_active(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)

    def percent_on(self, day: date) -> int:
        """The position percentage on a day: the latest change by then, else the one it started with."""
        changed = [c.position_percent for c in self.position_changes if c.from_date <= day]
        return changed[-1] if changed else self.position_percent


class PositionChange(db.Model):
    """From `from_date` on, the employment is `position_percent` %: the history of its size."""

    __table_args__ = (
        sa.CheckConstraint("position_percent BETWEEN 1 AND 100", name="position_percent_range"),
        sa.UniqueConstraint("employment_id", "from_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employment_id: Mapped[int] = mapped_column(sa.ForeignKey("employment.id"), index=True)
    from_date: Mapped[date]
    position_percent: Mapped[int]

    employment: Mapped[Employment] = relationship(back_populates="position_changes")
