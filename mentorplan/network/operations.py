"""Mentor network meetings (nettverksmøter): planned from a recurrence for the mentors of some units,
attendance registered afterwards, and — since the pilot's networks suffered because mentors could not
get off the turnus — which invited mentors are on shift at the time.

Operations add and flush; the caller commits.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import NetworkInvitation, NetworkMeeting, Shift, Unit
from mentorplan.planning.recurrence import every_months
from mentorplan.plans.operations import ProgrammeError, unit_mentors

MAX_MEETINGS = 24


@dataclass(frozen=True)
class Recurrence:
    name: str
    first: date
    starts: time
    ends: time
    interval_months: int
    count: int
    location: str = ""


def plan_meetings(units: list[Unit], recurrence: Recurrence, today: date) -> list[NetworkMeeting]:
    """One meeting per date, each inviting the mentors appointed at the units on that day."""
    r = recurrence
    if not units:
        raise ProgrammeError("Velg minst én enhet.")
    if len({u.kommune_id for u in units}) != 1:
        raise ProgrammeError("Et nettverk samler enheter i én kommune.")
    if r.ends <= r.starts:
        raise ProgrammeError("Møtet må slutte etter at det begynner.")
    if r.first < today:
        raise ProgrammeError("Første møte kan ikke være før i dag.")
    if not 1 <= r.count <= MAX_MEETINGS:
        raise ProgrammeError(f"Planlegg mellom 1 og {MAX_MEETINGS} møter om gangen.")
    meetings = []
    for day in every_months(r.first, r.interval_months, r.count):
        meeting = NetworkMeeting(kommune_id=units[0].kommune_id, name=r.name, location=r.location,
                                 starts=datetime.combine(day, r.starts), ends=datetime.combine(day, r.ends))
        invited: set[int] = set()
        for unit in units:
            for mentor in unit_mentors(unit, day):
                if mentor.id not in invited:
                    invited.add(mentor.id)
                    meeting.invitations.append(NetworkInvitation(person_id=mentor.id, unit_id=unit.id))
        db.session.add(meeting)
        meetings.append(meeting)
    db.session.flush()
    return meetings


def register_attendance(meeting: NetworkMeeting, present: set[int], today: date) -> None:
    """Who came, among the invited; registering before the meeting day is refused."""
    if meeting.starts.date() > today:
        raise ProgrammeError(f"Oppmøte kan registreres fra møtedagen {meeting.starts:%d.%m.%Y}.")
    for invitation in meeting.invitations:
        invitation.attended = invitation.person_id in present
    db.session.flush()


def on_shift(meeting: NetworkMeeting) -> dict[int, Shift]:
    """The invited mentors who have a shift overlapping the meeting, with that shift."""
    ids = [i.person_id for i in meeting.invitations]
    if not ids:
        return {}
    shifts = db.session.scalars(select(Shift).where(
        Shift.person_id.in_(ids), Shift.starts < meeting.ends, Shift.ends > meeting.starts))
    return {s.person_id: s for s in shifts}


@dataclass(frozen=True)
class Rate:
    label: str
    attended: int
    registered: int  # meetings whose attendance is registered

    @property
    def share(self) -> float | None:
        return self.attended / self.registered if self.registered else None


def rates(rows: Iterable[tuple[str, bool | None]]) -> list[Rate]:
    """Pure: attendance per label (a mentor or a unit) over the meetings with attendance registered."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for label, attended in rows:
        tally = counts[label]  # every invited label shows, also before any attendance is registered
        if attended is not None:
            tally[0] += bool(attended)
            tally[1] += 1
    return [Rate(label, a, n) for label, (a, n) in sorted(counts.items())]


def attendance(meetings: list[NetworkMeeting]) -> tuple[list[Rate], list[Rate]]:
    """Attendance rates per mentor and per unit over these meetings."""
    invitations = [i for m in meetings for i in m.invitations]
    return (rates((i.person.full_name, i.attended) for i in invitations),
            rates((i.unit.name, i.attended) for i in invitations))
