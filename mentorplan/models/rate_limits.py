"""Request counts behind the rate limits that every worker and app server shares."""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from mentorplan.extensions import db


class RequestCount(db.Model):
    """Requests from one client to one limited endpoint within one clock minute (feeds/ratelimit.py).

    One row per client and minute, incremented by an upsert, so that a calendar client polling
    costs one small write and two workers counting at once can neither lose a hit nor collide.
    Rows older than the previous minute are pruned as new minutes begin.
    """

    scope: Mapped[str] = mapped_column(sa.String(16), primary_key=True)
    client: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    # Whole minutes since the Unix epoch.
    minute: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, index=True)
    hits: Mapped[int] = mapped_column(default=0)
