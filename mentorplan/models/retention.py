"""Published retention benchmarks that HR draws as reference lines on the retention curve."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentorplan.extensions import db
from mentorplan.models.organisation import Kommune


class RetentionBenchmark(db.Model):
    """A published share still employed after some months, e.g. a national first-year figure."""

    __table_args__ = (
        sa.CheckConstraint("months BETWEEN 1 AND 24", name="months_range"),
        sa.CheckConstraint("rate BETWEEN 0 AND 1", name="rate_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id"), index=True)
    label: Mapped[str] = mapped_column(sa.String(120))
    months: Mapped[int]
    rate: Mapped[float] = mapped_column(sa.Float)
    source: Mapped[str | None] = mapped_column(sa.String(300))

    kommune: Mapped[Kommune] = relationship()
