"""Reminders of mentor network meetings: a week ahead, to each invited mentor, saying whether they are
on shift at the time (the pilot's networks lost mentors to the turnus). One of reminders.GENERATORS."""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from mentorplan.extensions import db
from mentorplan.models import NetworkInvitation, NetworkMeeting, NotificationKind, Shift
from mentorplan.notifications.messages import (
    Candidate,
    Draft,
    Section,
    config_time,
    local_moment,
    path_for,
    when,
)

NOTICE = timedelta(days=7)


def network_reminders(local: datetime):
    """Due at MORNING_TIME a week before the meeting; proposed until the meeting starts."""
    at, now = config_time("MORNING_TIME"), local.replace(tzinfo=None)
    query = (select(NetworkInvitation).join(NetworkInvitation.meeting)
             .where(NetworkMeeting.starts > now, NetworkMeeting.starts <= now + NOTICE + timedelta(days=1))
             .options(joinedload(NetworkInvitation.meeting), joinedload(NetworkInvitation.person))
             .order_by(NetworkInvitation.id))
    for invitation in db.session.scalars(query):
        meeting = invitation.meeting
        due = local_moment(meeting.starts.date() - NOTICE, at)
        if local < due:
            continue
        key = f"network:{invitation.id}:{meeting.starts.isoformat()}"
        yield Candidate(key, lambda i=invitation, k=key, d=due: _reminder(k, i, d))


def _reminder(key: str, invitation: NetworkInvitation, due: datetime) -> Draft:
    meeting = invitation.meeting
    shift = db.session.scalars(select(Shift).where(
        Shift.person_id == invitation.person_id, Shift.starts < meeting.ends, Shift.ends > meeting.starts)).first()
    lines = (f"Du står på vakt {shift.code} {when(shift.starts, shift.ends)}. Avtal fri eller bytte med "
             "avdelingslederen din i god tid.",) if shift else ()
    place = f", {meeting.location}" if meeting.location else ""
    return Draft(key, NotificationKind.NETWORK, invitation.person, subject=f"Nettverksmøte {meeting.starts:%d.%m.%Y}",
                 summary=f"{meeting.name} {when(meeting.starts, meeting.ends)}{place}.",
                 intro=f"Velkommen til {meeting.name} {when(meeting.starts, meeting.ends)}{place}.",
                 sections=(Section("Turnus", lines, "Du har ingen vakt da møtet holdes."),),
                 link=path_for("profile.index"), link_text="Få møtene i kalenderen din",
                 due_at=due, expires_at=local_moment(meeting.starts.date(), meeting.starts.time()))
