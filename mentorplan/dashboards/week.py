"""«Min uke»: the viewer's next seven days in date order, whatever their roles: their own shifts,
the plan activities placed with them (as mentee, or as the mentor or leader an activity was placed
with), and the network meetings they are invited to. Loaded in a fixed number of queries."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    Mentorship,
    NetworkInvitation,
    NetworkMeeting,
    Plan,
    PlanActivity,
    Shift,
)

DAYS = 7


@dataclass(frozen=True)
class WeekItem:
    starts: datetime
    ends: datetime | None
    title: str
    detail: str = ""
    link: tuple[str, dict] | None = None  # (endpoint, values)
    done: bool = False


@dataclass(frozen=True)
class WeekDay:
    day: date
    items: list[WeekItem]


def my_week(person_id: int, first: date) -> list[WeekDay]:
    """The seven days from `first`, each with its items in time order."""
    start, end = datetime.combine(first, time()), datetime.combine(first + timedelta(days=DAYS), time())
    items = _shifts(person_id, first) + _activities(person_id, start, end) + _meetings(person_id, start, end)
    days = {first + timedelta(days=n): [] for n in range(DAYS)}
    for item in sorted(items, key=lambda i: (i.starts, i.ends or i.starts, i.title)):
        days[item.starts.date()].append(item)
    return [WeekDay(day, found) for day, found in days.items()]


def _shifts(person_id: int, first: date) -> list[WeekItem]:
    shifts = db.session.scalars(select(Shift).where(
        Shift.person_id == person_id, Shift.day.between(first, first + timedelta(days=DAYS - 1))))
    return [WeekItem(s.starts, s.ends, f"Vakt {s.code}") for s in shifts]


def _activities(person_id: int, start: datetime, end: datetime) -> list[WeekItem]:
    activities = db.session.scalars(
        select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.mentee)
        .where(PlanActivity.scheduled_start >= start, PlanActivity.scheduled_start < end,
               PlanActivity.status.in_([ActivityStatus.SCHEDULED, ActivityStatus.DONE]),
               or_(Mentorship.mentee_id == person_id, PlanActivity.partner_id == person_id))
        .options(contains_eager(PlanActivity.plan).contains_eager(Plan.mentorship)
                 .contains_eager(Mentorship.mentee)))
    return [WeekItem(a.scheduled_start, a.scheduled_end, a.title,
                     "" if a.plan.mentorship.mentee_id == person_id else f"med {a.plan.mentorship.mentee.full_name}",
                     ("plans.show", {"mentorship_id": a.plan.mentorship_id, "_anchor": f"a{a.id}"}),
                     a.status is ActivityStatus.DONE)
            for a in activities]


def _meetings(person_id: int, start: datetime, end: datetime) -> list[WeekItem]:
    meetings = db.session.scalars(
        select(NetworkMeeting).join(NetworkInvitation, NetworkInvitation.meeting_id == NetworkMeeting.id)
        .where(NetworkInvitation.person_id == person_id, NetworkMeeting.starts >= start, NetworkMeeting.starts < end))
    return [WeekItem(m.starts, m.ends, m.name, m.location) for m in meetings]
