"""Training checklists: versioned templates per unit type, and each mentee's checklist."""
import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Kommune, Unit
from mentorplan.models.people import Person
from mentorplan.models.plans import Mentorship, TemplateStatus
from mentorplan.models.types import UTCDateTime, enum_column, utcnow


class ChecklistKind(enum.StrEnum):
    """Which of the two shipped checklists a unit type follows (DOMAIN.md)."""

    INSTITUSJON = "institusjon"
    HJEMMESYKEPLEIE = "hjemmesykepleie"


class ChecklistTemplate(db.Model):
    """One version of a checklist: the kommune's shipped one (no unit) or a unit's own."""

    __table_args__ = (sa.UniqueConstraint("kommune_id", "unit_id", "kind", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    kind: Mapped[ChecklistKind] = mapped_column(enum_column(ChecklistKind))
    name: Mapped[str] = mapped_column(sa.String(160))
    version: Mapped[int]
    status: Mapped[TemplateStatus] = mapped_column(enum_column(TemplateStatus))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    kommune: Mapped[Kommune] = relationship()
    unit: Mapped[Unit | None] = relationship()
    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="template", order_by="ChecklistItem.position", cascade="all, delete-orphan",
    )

    @property
    def is_draft(self) -> bool:
        return self.status is TemplateStatus.DRAFT


class ChecklistItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("checklist_template.id"), index=True)
    position: Mapped[int]
    category: Mapped[str] = mapped_column(sa.String(80))
    text: Mapped[str] = mapped_column(sa.String(200))

    template: Mapped[ChecklistTemplate] = relationship(back_populates="items")


class Checklist(db.Model):
    """A mentee's checklist, following one template version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    mentorship_id: Mapped[int] = mapped_column(sa.ForeignKey("mentorship.id"), unique=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("checklist_template.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mentorship: Mapped[Mentorship] = relationship()
    template: Mapped[ChecklistTemplate] = relationship()
    entries: Mapped[list["ChecklistEntry"]] = relationship(
        back_populates="checklist", cascade="all, delete-orphan")


class ChecklistEntry(db.Model):
    """Where one item stands: the mentee's own assessment and the mentor's sign-off, each dated and signed."""

    __table_args__ = (sa.UniqueConstraint("checklist_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(sa.ForeignKey("checklist.id"), index=True)
    item_id: Mapped[int] = mapped_column(sa.ForeignKey("checklist_item.id"), index=True)
    trained_on: Mapped[date | None]
    trained_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    mastered_on: Mapped[date | None]
    mastered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))
    signed_off_on: Mapped[date | None]
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.id"))

    checklist: Mapped[Checklist] = relationship(back_populates="entries")
    item: Mapped[ChecklistItem] = relationship()
    trained_by: Mapped[Person | None] = relationship(foreign_keys=[trained_by_id])
    mastered_by: Mapped[Person | None] = relationship(foreign_keys=[mastered_by_id])
    signed_off_by: Mapped[Person | None] = relationship(foreign_keys=[signed_off_by_id])
