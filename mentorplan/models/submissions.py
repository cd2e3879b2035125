"""Forms already acted on, so that the same form sent again is answered, not done again."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentorplan.extensions import db
from mentorplan.models.types import UTCDateTime, utcnow

SUBMISSION_TOKEN_LENGTH = 32


class FormSubmission(db.Model):
    """One rendered form's one-time token, stored in the same transaction as what the form wrote
    (web/submissions.py). A second submission of the same form, at the same instant or later,
    breaks the unique constraint and is answered «allerede lagret» with nothing written twice."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(SUBMISSION_TOKEN_LENGTH), unique=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
