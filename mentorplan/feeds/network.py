"""Network meeting invitations in the invited mentors' own calendar feeds (plain rows, no notes)."""
from datetime import datetime

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.feeds.ical import FeedEvent
from mentorplan.models import NetworkInvitation, NetworkMeeting

DESCRIPTION = "Mentornettverk: erfaringsdeling og støtte mellom mentorene."


def network_events(person_id: int, since: datetime) -> tuple[FeedEvent, ...]:
    rows = db.session.execute(
        select(NetworkMeeting.calendar_uid, NetworkMeeting.starts, NetworkMeeting.ends, NetworkMeeting.name,
               NetworkMeeting.location, NetworkMeeting.created_at)
        .join(NetworkInvitation, NetworkInvitation.meeting_id == NetworkMeeting.id)
        .where(NetworkInvitation.person_id == person_id, NetworkMeeting.starts >= since))
    return tuple(FeedEvent(uid=r.calendar_uid, sequence=0, start=r.starts, end=r.ends,
                           summary=f"Nettverksmøte: {r.name}", description=DESCRIPTION, location=r.location,
                           cancelled=False, stamp=r.created_at) for r in rows)
