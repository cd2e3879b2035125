"""The turnus: shift codes per ward, each person's shifts and absences, rotation patterns."""
import enum
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Unit, Ward
from mentorplan.models.people import Person
from mentorplan.models.types import UTCDateTime, enum_column, utcnow
from mentorplan.vocabulary import SHIFT_CODE_LENGTH, AbsenceKind


class ShiftSource(enum.StrEnum):
    IMPORT = "import"
    ROTATION = "rotation"
    MANUAL = "manual"
    # Accepted from a conflict suggestion: a change to carry back into the turnus system.
    SUGGESTION = "suggestion"


ABSENCE_LABELS = {
    AbsenceKind.FERIE: "ferie",
    AbsenceKind.KURS: "kurs",
    AbsenceKind.PERMISJON: "permisjon",
    AbsenceKind.SYKEFRAVAER: "sykefravær",
}

# Sick leave and leave of absence are health and personal matters: colleagues see only "fravær",
# and text stored for others to read (conflict reasons) says no more.
PRIVATE_ABSENCES = (AbsenceKind.SYKEFRAVAER, AbsenceKind.PERMISJON)


def absence_shown_to_others(kind: AbsenceKind) -> str:
    return "fravær" if kind in PRIVATE_ABSENCES else ABSENCE_LABELS[kind]


class ShiftCode(db.Model):
    """A ward's own code for a shift and its times (codes differ between wards)."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "ward_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(SHIFT_CODE_LENGTH))
    starts: Mapped[time | None]
    ends: Mapped[time | None]
    label: Mapped[str] = mapped_column(sa.String(80), default="")

    unit: Mapped[Unit] = relationship()
    ward: Mapped[Ward | None] = relationship()

    @property
    def is_day_off(self) -> bool:
        return self.starts is None


class Shift(db.Model):
    """A worked shift. Start and end are Oslo wall-clock times; a night shift ends the next day."""

    __table_args__ = (
        sa.CheckConstraint("ends > starts", name="ends_after_start"),
        sa.Index("ix_shift_person_day", "person_id", "day"),
        sa.Index("ix_shift_day", "day"),
        # The shifts accepted suggestions put in (the conflicts page), few among a year's turnus.
        sa.Index("ix_shift_source_person", "source", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"))
    day: Mapped[date]
    code: Mapped[str] = mapped_column(sa.String(SHIFT_CODE_LENGTH))
    starts: Mapped[datetime]
    ends: Mapped[datetime]
    source: Mapped[ShiftSource] = mapped_column(enum_column(ShiftSource), default=ShiftSource.IMPORT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person] = relationship()

    @property
    def to_carry_back(self) -> bool:
        return self.source is ShiftSource.SUGGESTION


class Absence(db.Model):
    """A whole day of ferie, kurs, permisjon or sykefravær; it lies on top of any planned shift."""

    __table_args__ = (sa.UniqueConstraint("person_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    kind: Mapped[AbsenceKind] = mapped_column(enum_column(AbsenceKind))
    source: Mapped[ShiftSource] = mapped_column(enum_column(ShiftSource), default=ShiftSource.IMPORT)

    person: Mapped[Person] = relationship()


class RotationPattern(db.Model):
    """A cycle of N weeks of codes (Monday first), repeated from a start date."""

    __table_args__ = (
        sa.CheckConstraint("weeks BETWEEN 1 AND 52", name="weeks_range"),
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= starts_on", name="valid_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.id"), index=True)
    ward_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ward.id"))
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"))
    starts_on: Mapped[date]
    valid_to: Mapped[date | None]
    weeks: Mapped[int]
    # One code per day, comma-separated, 7 × weeks of them; empty = day off.
    codes: Mapped[str] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship()
    exceptions: Mapped[list["RotationException"]] = relationship(
        back_populates="pattern", cascade="all, delete-orphan", order_by="RotationException.day")

    @property
    def code_list(self) -> list[str]:
        return self.codes.split(",")


class RotationException(db.Model):
    __table_args__ = (sa.UniqueConstraint("pattern_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pattern_id: Mapped[int] = mapped_column(sa.ForeignKey("rotation_pattern.id"), index=True)
    day: Mapped[date]
    code: Mapped[str] = mapped_column(sa.String(SHIFT_CODE_LENGTH))

    pattern: Mapped[RotationPattern] = relationship(back_populates="exceptions")
