"""Scheduling in the database: load the turnus around some plans, place, write the outcome back.

Adds and flushes; the caller commits. Done and cancelled activities never move; scheduled
ones stay where they are while they still fit, so a turnus change moves only what it breaks.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays
from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from mentorplan.clock import today as clock_today
from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    ActivityKind,
    ActivityStatus,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Responsible,
    Shift,
    ShiftSource,
    Unit,
    absence_shown_to_others,
)
from mentorplan.models.calendar import placement_written_in_bulk
from mentorplan.notifications.changes import queue_change_notices
from mentorplan.plans.locking import read_for_update
from mentorplan.plans.operations import Leaders, ProgrammeError, plan_people
from mentorplan.scheduling.greedy import GreedyStrategy
from mentorplan.scheduling.placement import (
    Bookings,
    Conflict,
    Placement,
    Request,
    Settings,
    Strategy,
    Suggestion,
    Turnus,
    Waiting,
    fits,
)
from mentorplan.scheduling.rules import Interval, RestRules

REST_MARGIN = timedelta(days=8)
LEADER_KINDS = (ActivityKind.LEDERSAMTALE,)


@dataclass
class ScheduleSummary:
    plans: int = 0
    scheduled: int = 0
    kept: int = 0
    conflicts: int = 0
    waiting: int = 0

    def __str__(self) -> str:
        return (f"{self.plans} planer: {self.scheduled} aktiviteter plassert, {self.kept} beholdt, "
                f"{self.conflicts} konflikter, {self.waiting} venter på turnus.")


def settings_from_config() -> Settings:
    config = current_app.config
    first, last = (time.fromisoformat(t) for t in config["LEADER_DAY"])
    return Settings(
        handover_start=timedelta(minutes=config["HANDOVER_START_MINUTES"]),
        handover_end=timedelta(minutes=config["HANDOVER_END_MINUTES"]),
        allow_night=config["ALLOW_NIGHT_CONVERSATIONS"],
        conversations_per_shift=config["CONVERSATIONS_PER_MENTOR_SHIFT"],
        leader_day=(first, last),
        rest=RestRules(daily=timedelta(hours=config["MIN_DAILY_REST_HOURS"]),
                       weekly=timedelta(hours=config["MIN_WEEKLY_REST_HOURS"])),
    )


def _plans_query():
    return select(Plan).join(Plan.mentorship).options(
        selectinload(Plan.activities),
        joinedload(Plan.mentorship).joinedload(Mentorship.employment),
        joinedload(Plan.mentorship).joinedload(Mentorship.mentee),
        joinedload(Plan.mentorship).joinedload(Mentorship.mentor),
    ).order_by(Plan.id)


def schedule_all(unit: Unit | None = None, today: date | None = None) -> ScheduleSummary:
    """Place every open activity of every running plan (of one unit, if given)."""
    query = _plans_query()
    if unit is not None:
        query = query.where(Mentorship.employment.has(unit_id=unit.id))
    return schedule_plans(list(db.session.scalars(query).unique()), today)


def replan_people(person_ids: Iterable[int], today: date | None = None) -> ScheduleSummary:
    """Re-plan every plan these people take part in, after their turnus or absences changed."""
    ids = set(person_ids)
    if not ids:
        return ScheduleSummary()
    query = _plans_query().where(or_(
        Mentorship.mentee_id.in_(ids), Mentorship.mentor_id.in_(ids), Mentorship.backup_mentor_id.in_(ids),
        Plan.id.in_(select(PlanActivity.plan_id).where(PlanActivity.partner_id.in_(ids))),
    ))
    return schedule_plans(list(db.session.scalars(query).unique()), today)


def schedule_plans(plans: list[Plan], today: date | None = None,
                   strategy: Strategy | None = None) -> ScheduleSummary:
    today = today or clock_today()
    settings = settings_from_config()
    plans = [p for p in plans if p.mentorship.end_date is None or p.mentorship.end_date >= today]
    read_for_update(plans)  # decide from what is committed (plans/locking.py)
    leaders = Leaders({plan.mentorship.employment.unit_id for plan in plans})
    work = [_PlanWork(plan, today, leaders) for plan in plans]
    work = [w for w in work if w.requests]
    summary = ScheduleSummary(plans=len(work))
    if not work:
        return summary
    turnus, bookings = _load(work, today, settings)
    for item in work:
        item.keep_what_still_fits(turnus, bookings, today)
    strategy = strategy or GreedyStrategy()
    changes = []
    for item in work:
        outcomes = strategy.place(item.to_place(), turnus, bookings, today)
        changes += item.outcome_values(outcomes, summary)
    _write(changes)
    return summary


class _PlanWork:
    """One plan's open activities as requests, and what became of them."""

    def __init__(self, plan: Plan, today: date, leaders: Leaders):
        self.plan = plan
        people = plan_people(plan.mentorship, today, leaders)
        self.leader = people[Responsible.AVDELINGSLEDER] or people[Responsible.ENHETSLEDER]
        self.requests: dict[int, tuple[PlanActivity, Request]] = {}
        self.kept: set[int] = set()
        for activity in plan.activities:
            request = self.request_for(activity)
            if activity.status.is_open and request is not None and request.needs_time:
                self.requests[activity.id] = (activity, request)

    def request_for(self, activity: PlanActivity) -> Request | None:
        mentorship = self.plan.mentorship
        leader_led = activity.responsible in (Responsible.AVDELINGSLEDER, Responsible.ENHETSLEDER)
        if leader_led:
            if self.leader is None:
                return None
            partners = (self.leader.id,)
        elif activity.kind is ActivityKind.OPPLAERINGSVAKT:
            partners = tuple(p for p in (mentorship.mentor_id, mentorship.backup_mentor_id) if p)
        else:
            partners = (mentorship.mentor_id,)
        return Request(activity.id, activity.kind.value, activity.title, activity.due_from, activity.due_to,
                       activity.duration_minutes, mentorship.mentee_id, partners, leader_led)

    @property
    def people(self) -> set[int]:
        return {self.plan.mentorship.mentee_id} | {p for _, r in self.requests.values() for p in r.partners}

    def keep_what_still_fits(self, turnus: Turnus, bookings: Bookings, today: date) -> None:
        for activity, request in self.requests.values():
            if activity.status is not ActivityStatus.SCHEDULED or activity.scheduled_start is None:
                continue
            placement = Placement(request.id, activity.scheduled_start, activity.scheduled_end,
                                  activity.partner_id, activity.placement_note or "")
            # What was planned for a day gone by stays as history; the future must still fit.
            if activity.scheduled_start.date() < today or fits(request, placement, turnus, bookings):
                bookings.book(request, placement, turnus)
                self.kept.add(activity.id)

    def to_place(self) -> list[Request]:
        return [r for activity_id, (_, r) in self.requests.items() if activity_id not in self.kept]

    def outcome_values(self, outcomes, summary: ScheduleSummary) -> list[tuple[PlanActivity, dict]]:
        """Each outcome as the activity's new placement columns."""
        summary.kept += len(self.kept)
        values = []
        for outcome in outcomes:
            activity = self.requests[outcome.request_id][0]
            if isinstance(outcome, Waiting):
                values.append((activity, _waiting(outcome)))
                summary.waiting += 1
            elif isinstance(outcome, Placement):
                values.append((activity, _placed(outcome)))
                summary.scheduled += 1
            else:
                values.append((activity, _conflict(outcome)))
                summary.conflicts += 1
        return values


def _placed(placement: Placement) -> dict:
    return dict(status=ActivityStatus.SCHEDULED, scheduled_start=placement.start, scheduled_end=placement.end,
                partner_id=placement.partner, placement_note=placement.note,
                conflict_reason=None, conflict_suggestions=None)


def _waiting(waiting: Waiting) -> dict:
    return dict(status=ActivityStatus.PLANNED, scheduled_start=None, scheduled_end=None, partner_id=None,
                placement_note=waiting.note, conflict_reason=None, conflict_suggestions=None)


def _conflict(conflict: Conflict) -> dict:
    return dict(status=ActivityStatus.CONFLICT, scheduled_start=None, scheduled_end=None, partner_id=None,
                placement_note=None, conflict_reason=conflict.reason,
                conflict_suggestions=[s.as_dict() for s in conflict.suggestions])


def _write(changes: list[tuple[PlanActivity, dict]]) -> None:
    """Write the outcomes that differ from what is stored, in one executemany.

    A flush of the changed objects sent about 2 600 statements for a kommune's 16 500 outcomes
    (most of the full schedule's time on PostgreSQL); one bulk UPDATE by primary key sends one.
    The loaded objects are then given the same values as committed state, so they stay true
    to the database without a second write. The calendar bookkeeping that ORM events do for
    every other writer (models/calendar.py) is done here explicitly.
    """
    changed = [(activity, values) for activity, values in changes
               if any(getattr(activity, key) != value for key, value in values.items())]
    if not changed:
        return
    connection = db.session.connection()
    for activity, values in changed:
        # SEQUENCE and cancellations for subscribed calendars, which the ORM events would keep.
        values.update(placement_written_in_bulk(connection, activity, values))
    queue_change_notices(changed)
    db.session.execute(update(PlanActivity), [{"id": activity.id, **values} for activity, values in changed])
    for activity, values in changed:
        for key, value in values.items():
            set_committed_value(activity, key, value)


def _load(work: list[_PlanWork], today: date, settings: Settings) -> tuple[Turnus, Bookings]:
    """The turnus of everyone involved over the plans' windows, and what other plans have booked."""
    people = set().union(*(w.people for w in work))
    leaders = {w.leader.id for w in work if w.leader is not None}
    first = min(max(r.due_from, today) for w in work for _, r in w.requests.values()) - REST_MARGIN
    last = max(r.due_to for w in work for _, r in w.requests.values()) + REST_MARGIN
    shifts = defaultdict(list)
    # Leaders are placed in office hours (Turnus.shifts), so their shifts are not needed.
    for row in db.session.execute(select(Shift.person_id, Shift.starts, Shift.ends, Shift.code).where(
            Shift.person_id.in_(people - leaders), Shift.day.between(first, last))):
        shifts[row.person_id].append(Interval(row.starts, row.ends, row.code))
    absences = defaultdict(dict)
    for row in db.session.execute(select(Absence.person_id, Absence.day, Absence.kind).where(
            Absence.person_id.in_(people), Absence.day.between(first, last))):
        # The label goes into conflict reasons that mentor, mentee and leaders all read.
        absences[row.person_id][row.day] = absence_shown_to_others(row.kind)
    names = dict(db.session.execute(
        select(Person.id, Person.first_name + " " + Person.last_name).where(Person.id.in_(people))).all())
    years = range(first.year, last.year + 1)
    turnus = Turnus(shifts, absences, leaders, set(holidays.country_holidays("NO", years=years)), names, settings)
    return turnus, _other_bookings(work, people, first, last, turnus)


def _other_bookings(work, people, first, last, turnus) -> Bookings:
    """Conversations and training shifts of plans not being re-planned still take their time."""
    bookings = Bookings()
    plan_ids = {w.plan.id for w in work}
    rows = db.session.execute(
        select(PlanActivity.id, PlanActivity.kind, PlanActivity.scheduled_start, PlanActivity.scheduled_end,
               PlanActivity.partner_id, Mentorship.mentee_id)
        .join(PlanActivity.plan).join(Plan.mentorship)
        .where(PlanActivity.status.in_((ActivityStatus.SCHEDULED, ActivityStatus.DONE)),
               PlanActivity.scheduled_start.is_not(None), PlanActivity.plan_id.not_in(plan_ids),
               PlanActivity.scheduled_start.between(datetime.combine(first, time()), datetime.combine(last, time())),
               or_(PlanActivity.partner_id.in_(people), Mentorship.mentee_id.in_(people)))
    )
    for row in rows:
        request = Request(row.id, row.kind.value, "", row.scheduled_start.date(), row.scheduled_start.date(),
                          None, row.mentee_id, (row.partner_id,), row.kind in LEADER_KINDS)
        bookings.book(request, Placement(row.id, row.scheduled_start, row.scheduled_end, row.partner_id, ""), turnus)
    # Done activities of the plans themselves occupy their time too.
    for item in work:
        for activity in item.plan.activities:
            if activity.status is ActivityStatus.DONE and activity.scheduled_start is not None:
                request = item.request_for(activity)
                if request is not None:
                    bookings.book(request, Placement(activity.id, activity.scheduled_start, activity.scheduled_end,
                                                     activity.partner_id or request.partners[0], ""), turnus)
    return bookings


def accept_suggestion(activity: PlanActivity, index: int, today: date | None = None) -> Suggestion:
    """Put the suggested shift in the turnus (a change to carry back to the turnus system), re-plan."""
    suggestions = activity.conflict_suggestions or []
    if activity.status is not ActivityStatus.CONFLICT or not 0 <= index < len(suggestions):
        raise ProgrammeError("Forslaget finnes ikke lenger. Last siden på nytt.")
    suggestion = Suggestion.from_dict(suggestions[index])
    if suggestion.person != activity.plan.mentorship.mentee_id:
        raise ProgrammeError("Forslaget gjelder en annen person.")
    db.session.execute(delete(Shift).where(Shift.person_id == suggestion.person, Shift.day == suggestion.day))
    db.session.add(Shift(person_id=suggestion.person, day=suggestion.day, code=suggestion.code,
                         starts=suggestion.start, ends=suggestion.end, source=ShiftSource.SUGGESTION))
    db.session.flush()
    replan_people([suggestion.person], today)
    return suggestion
