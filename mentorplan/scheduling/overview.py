"""What the scheduler's pages show: conflicts by week, shift changes to carry back to the turnus
system, a plan laid over the turnus week by week, and the avdeling's coming weeks.

Each loader runs a fixed number of queries, whatever the number of rows; the shaping is plain
Python on what was loaded.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, joinedload

from mentorplan.extensions import db
from mentorplan.models import (
    ABSENCE_LABELS,
    PRIVATE_ABSENCES,
    Absence,
    ActivityKind,
    ActivityStatus,
    Employment,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Shift,
    ShiftSource,
    absence_shown_to_others,
)
from mentorplan.scheduling.rules import Interval, is_night

CARRY_BACK_LIMIT = 50
COMING_DAYS = 28
ON_THE_TURNUS = (ActivityStatus.SCHEDULED, ActivityStatus.DONE)
NOT_PLACED = (ActivityStatus.PLANNED, ActivityStatus.CONFLICT)
MIN_YEAR, MAX_YEAR = 1900, 2999


# --- Weeks ---------------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, Monday first."""

    monday: date

    @classmethod
    def of(cls, day: date) -> "Week":
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, text: str | None) -> "Week | None":
        """A week written as in ?uke=2026-W11; None when it is no such week."""
        try:
            year, number = (text or "").upper().split("-W")
            week = cls(date.fromisocalendar(int(year), int(number), 1))
        except ValueError:
            return None
        # Far from the calendar's edges, so that stepping a few weeks on never overflows.
        return week if MIN_YEAR <= week.monday.year <= MAX_YEAR else None

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=n) for n in range(7)]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def number(self) -> int:
        return self.monday.isocalendar().week

    @property
    def key(self) -> str:
        year, number, _ = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    def shifted(self, weeks: int) -> "Week":
        return Week(self.monday + timedelta(weeks=weeks))

    def title(self, this_year: int | None = None) -> str:
        """«Uke 11 (09.03–15.03)», with the year when it is not this year's week."""
        year = self.monday.isocalendar().year
        shown = f" {year}" if this_year is not None and year != this_year else ""
        return f"Uke {self.number}{shown} ({self.monday:%d.%m}–{self.sunday:%d.%m})"


def _running(today: date):
    return or_(Mentorship.end_date.is_(None), Mentorship.end_date >= today)


def _in_scope(scope, today: date):
    """Activities of running plans inside a leader's scope (a clause on Employment); the query joins
    the mentee, and the plan, mentorship and mentee are loaded from its joins (joining them again
    for loading only made PostgreSQL's planner slower)."""
    return (select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.employment)
            .join(Mentorship.mentee)
            .where(scope, _running(today))
            .options(contains_eager(PlanActivity.plan).contains_eager(Plan.mentorship)
                     .contains_eager(Mentorship.mentee)))


# --- Conflicts and the changes to carry back -------------------------------------------------

def conflicts_query(scope, today: date, between: tuple[date, date] | None = None, *where,
                    by_person: bool = False):
    """A select of the activities in conflict in the scope's running plans, by due date (with
    `by_person`, each mentee's together, by name); optionally only those whose window overlaps a
    period, and further clauses (the query joins the mentee)."""
    query = (_in_scope(scope, today)
             .where(PlanActivity.status == ActivityStatus.CONFLICT, *where))
    if between is not None:
        query = query.where(PlanActivity.due_from <= between[1], PlanActivity.due_to >= between[0])
    people = (Person.last_name, Person.first_name, Mentorship.id) if by_person else ()
    return query.order_by(*people, PlanActivity.due_from, PlanActivity.due_to, PlanActivity.id)


def open_conflicts(scope, today: date, between: tuple[date, date] | None = None) -> list[PlanActivity]:
    return list(db.session.scalars(conflicts_query(scope, today, between)))


def by_mentorship(activities: list[PlanActivity]) -> list[tuple[Mentorship, list[PlanActivity]]]:
    """Activities grouped by whose plan they are in, in the order given (conflicts_query by_person)."""
    groups: dict[int, tuple[Mentorship, list[PlanActivity]]] = {}
    for activity in activities:
        mentorship = activity.plan.mentorship
        groups.setdefault(mentorship.id, (mentorship, []))[1].append(activity)
    return list(groups.values())


def carried_back(scope, limit: int = CARRY_BACK_LIMIT) -> list[Shift]:
    """Shifts put in the turnus by an accepted suggestion, for people employed in the scope,
    newest first: the changes the leader must enter in the turnus system."""
    people = select(Employment.person_id).where(scope)
    return list(db.session.scalars(
        select(Shift).where(Shift.source == ShiftSource.SUGGESTION, Shift.person_id.in_(people))
        .options(joinedload(Shift.person))
        .order_by(Shift.created_at.desc(), Shift.id.desc()).limit(limit)))


def suggestion_key(suggestion: dict) -> str:
    """What identifies a suggestion as the leader saw it, so that a re-planned list is not
    mistaken for the one on the page."""
    return f"{suggestion['person']}:{suggestion['day']}:{suggestion['code']}"


# --- The coming weeks -------------------------------------------------------------------------

def coming_days(scope, today: date, last: date) -> list[tuple[date, list[PlanActivity]]]:
    """Training shifts and conversations on the turnus from today to `last`, day by day."""
    query = (_in_scope(scope, today)
             .where(PlanActivity.status == ActivityStatus.SCHEDULED,
                    PlanActivity.scheduled_start >= datetime.combine(today, time()),
                    PlanActivity.scheduled_start < datetime.combine(last + timedelta(days=1), time()))
             .options(joinedload(PlanActivity.partner))
             .order_by(PlanActivity.scheduled_start, PlanActivity.id))
    days: dict[date, list[PlanActivity]] = defaultdict(list)
    for activity in db.session.scalars(query):
        days[activity.scheduled_start.date()].append(activity)
    return sorted(days.items())


def partner_role(activity: PlanActivity) -> str:
    mentorship = activity.plan.mentorship
    if activity.partner_id == mentorship.mentor_id:
        return "mentor"
    if activity.partner_id == mentorship.backup_mentor_id:
        return "reservementor"
    return "leder"


# --- A plan on the turnus ---------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One thing in a calendar cell: a shift, an absence or an activity."""

    kind: str                       # "shift", "absence" or "activity"
    label: str                      # the shift code, «ferie», the activity's title
    start: datetime | None = None
    end: datetime | None = None
    night: bool = False
    detail: str = ""                # an activity's partner; a shift changed by a suggestion
    activity_id: int | None = None
    done: bool = False


@dataclass(frozen=True)
class Row:
    name: str
    role: str
    cells: tuple[tuple[Entry, ...], ...]   # one per day, Monday first


@dataclass(frozen=True)
class WeekGrid:
    week: Week
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class PlanCalendar:
    weeks: tuple[WeekGrid, ...]
    not_placed: tuple[PlanActivity, ...]   # open activities whose window falls in the period


def default_week(mentorship: Mentorship, today: date) -> Week:
    """This week, or the plan's first week while the plan has not started."""
    return Week.of(max(today, mentorship.start_date))


def people_on_plan(mentorship: Mentorship) -> list[tuple[Person, str]]:
    people = [(mentorship.mentee, "nytilsatt"), (mentorship.mentor, "mentor")]
    if mentorship.backup_mentor is not None:
        people.append((mentorship.backup_mentor, "reservementor"))
    return people


def plan_calendar(mentorship: Mentorship, first: Week, weeks: int, sees_private: set[int] | None) -> PlanCalendar:
    """The mentee's, the mentor's and the back-up's turnus with the plan's activities, for
    `weeks` weeks from `first`. `sees_private`: whose sick leave and leave the viewer may read
    by name (None: everyone's)."""
    people = people_on_plan(mentorship)
    ids = [person.id for person, _ in people]
    period = [first.shifted(n) for n in range(weeks)]
    start, end = period[0].monday, period[-1].sunday
    shifts = db.session.scalars(select(Shift).where(Shift.person_id.in_(ids), Shift.day.between(start, end))
                                .order_by(Shift.starts))
    absences = db.session.scalars(select(Absence).where(Absence.person_id.in_(ids),
                                                        Absence.day.between(start, end)))
    placed, open_ = _plan_activities(mentorship, start, end)
    cells = _person_cells(shifts, absences, sees_private)
    cells["plan"] = _activity_cells(placed)
    rows = [(person.full_name, role, person.id) for person, role in people] + [("Planens aktiviteter", "", "plan")]
    grids = tuple(
        WeekGrid(week, tuple(Row(name, role, tuple(tuple(cells[key].get(day, ())) for day in week.days))
                             for name, role, key in rows))
        for week in period)
    return PlanCalendar(grids, tuple(open_))


def _plan_activities(mentorship: Mentorship, start: date, end: date):
    plan_id = mentorship.plan.id if mentorship.plan else None
    query = (select(PlanActivity).where(PlanActivity.plan_id == plan_id).options(joinedload(PlanActivity.partner))
             .where(or_(
                 PlanActivity.status.in_(ON_THE_TURNUS)
                 & (PlanActivity.scheduled_start >= datetime.combine(start, time()))
                 & (PlanActivity.scheduled_start < datetime.combine(end + timedelta(days=1), time())),
                 PlanActivity.status.in_(NOT_PLACED) & (PlanActivity.due_from <= end) & (PlanActivity.due_to >= start)
                 & _needs_time(),
             ))
             .order_by(PlanActivity.scheduled_start, PlanActivity.due_from, PlanActivity.position))
    activities = list(db.session.scalars(query))
    return ([a for a in activities if a.status in ON_THE_TURNUS],
            [a for a in activities if a.status in NOT_PLACED])


def _needs_time():
    """Only training shifts and activities with a duration go on the turnus."""
    return (PlanActivity.kind == ActivityKind.OPPLAERINGSVAKT) | PlanActivity.duration_minutes.is_not(None)


def _person_cells(shifts, absences, sees_private: set[int] | None) -> dict:
    """Per person, per day: an absence lies on top of the day's shifts and hides them."""
    cells: dict = defaultdict(lambda: defaultdict(list))
    away = set()
    for absence in absences:
        private = (absence.kind in PRIVATE_ABSENCES and sees_private is not None
                   and absence.person_id not in sees_private)
        cells[absence.person_id][absence.day].append(
            Entry("absence", absence_shown_to_others(absence.kind) if private else ABSENCE_LABELS[absence.kind]))
        away.add((absence.person_id, absence.day))
    for shift in shifts:
        if (shift.person_id, shift.day) not in away:
            cells[shift.person_id][shift.day].append(Entry(
                "shift", shift.code, shift.starts, shift.ends, is_night(Interval(shift.starts, shift.ends)),
                "etter godtatt forslag" if shift.to_carry_back else ""))
    return cells


def _activity_cells(activities: list[PlanActivity]) -> dict:
    cells: dict = defaultdict(list)
    for activity in activities:
        partner = activity.partner.full_name if activity.partner else ""
        cells[activity.scheduled_start.date()].append(Entry(
            "activity", activity.title, activity.scheduled_start, activity.scheduled_end,
            detail=partner, activity_id=activity.id, done=activity.status is ActivityStatus.DONE))
    return cells
