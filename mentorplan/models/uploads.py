"""Files a person has sent and not yet confirmed."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentorplan.extensions import db
from mentorplan.models.types import UTCDateTime, utcnow


class PendingUpload(db.Model):
    """A file someone has previewed and not yet confirmed (turnus/pending.py): a leader's turnus
    file, or a staff file (`kind`, so that one page's «Bekreft» never applies the other's file).

    Kept in the database, not on one server's disk, so that the confirmation may reach any app
    server behind the load balancer. Only the SHA-256 of the token on the preview page is stored.
    A confirmed upload keeps its row, without the file, until it is an hour old: a second
    «Bekreft» (a double click) then learns that the first one saved the turnus.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kommune_id: Mapped[int] = mapped_column(sa.ForeignKey("kommune.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16), default="turnus", server_default="turnus")
    file_name: Mapped[str] = mapped_column(sa.String(255))
    employee_number: Mapped[str | None] = mapped_column(sa.String(20))
    # Deferred: up to MAX_UPLOAD_BYTES, loaded only when the file is read again.
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
