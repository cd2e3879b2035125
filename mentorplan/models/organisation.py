"""Kommune, enhet (unit) and avdeling (ward)."""
import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.types import enum_column
from mentorplan.vocabulary import UNIT_NAME_LENGTH, WARD_NAME_LENGTH


class UnitType(enum.StrEnum):
    HELSE_OG_VELFERDSSENTER = "helse_og_velferdssenter"
    SYKEHJEM = "sykehjem"
    HELSEHUS = "helsehus"
    HJEMMESYKEPLEIE = "hjemmesykepleie"

    @property
    def label(self) -> str:
        return UNIT_TYPE_LABELS[self]

    @property
    def is_home_care(self) -> bool:
        return self is UnitType.HJEMMESYKEPLEIE


UNIT_TYPE_LABELS = {
    UnitType.HELSE_OG_VELFERDSSENTER: "Helse- og velferdssenter",
    UnitType.SYKEHJEM: "Sykehjem",
    UnitType.HELSEHUS: "Helsehus",
    UnitType.HJEMMESYKEPLEIE: "Hjemmesykepleie / hjemmetjeneste",
}


def unit_type_from_name(name: str) -> UnitType:
    """Guess the unit type from a unit's name, as the staff CSV gives no type."""
    lowered = name.lower()
    if "hjemme" in lowered:
        return UnitType.HJEMMESYKEPLEIE
    if "sykehjem" in lowered:
        return UnitType.SYKEHJEM
    if "helsehus" in lowered:
        return UnitType.HELSEHUS
    return UnitType.HELSE_OG_VELFERDSSENTER


class Kommune(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # The OpenID Connect issuer (for Entra ID, the kommune's tenant) whose word opens this kommune's
    # accounts; without one, single sign-on opens none of them.
    sso_issuer: Mapped[str | None] = mapped_column(sa.String(255))
    # The day the kommune took mentorplan into use (set by its admin). What a hire's plan should
    # have done before it happened, if at all, outside mentorplan: those activities are «før
    # mentorplan» (go_live/), not overdue. None: every plan counts from its start, as the demo's.
    go_live_on: Mapped[date | None]

    units: Mapped[list["Unit"]] = relationship(back_populates="kommune", order_by="Unit.name")

    def __repr__(self) -> str:
        return f"<Kommune {self.name}>"


class Unit(db.Model):
    """An enhet: a nursing home, health house, home-care service or centre."""

    __table_args__ = (sa.UniqueConstraint("kommune_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(UNIT_NAME_LENGTH))
    unit_type: Mapped[UnitType] = mapped_column(enum_column(UnitType))
    programme_started_on: Mapped[date | None]

    kommune: Mapped[Kommune] = relationship(back_populates="units")
    wards: Mapped[list["Ward"]] = relationship(back_populates="unit", order_by="Ward.name")

    def __repr__(self) -> str:
        return f"<Unit {self.name}>"


class Ward(db.Model):
    """An avdeling inside an enhet (a ward, department or home-care zone)."""

    __table_args__ = (sa.UniqueConstraint("unit_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(WARD_NAME_LENGTH))

    unit: Mapped[Unit] = relationship(back_populates="wards")

    def __repr__(self) -> str:
        return f"<Ward {self.name}>"
