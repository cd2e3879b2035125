"""The start turnus proposal in the database: when a new hire has no shifts in the weeks of the
opplæringsvakter, propose them on the mentor's shifts (scheduling/start_turnus.py), put the lines
the leader accepts in the turnus, and give them back as a turnus CSV to carry into the turnus
system. Adds and flushes; the caller commits.
"""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from mentorplan.extensions import db
from mentorplan.files.export import csv_bytes
from mentorplan.models import (
    Absence,
    ActivityKind,
    ActivityStatus,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Shift,
    ShiftSource,
)
from mentorplan.plans.errors import ProgrammeError
from mentorplan.plans.overview import in_programme_on
from mentorplan.scheduling.rules import REST_HORIZON, Interval
from mentorplan.scheduling.service import replan_people, settings_from_config
from mentorplan.scheduling.start_turnus import StartTurnus, propose_start_turnus

CSV_HEADER = ("ansattnr", "dato", "vaktkode", "start", "slutt")


def training_window(mentorship: Mentorship, today: date) -> tuple[date, date, int] | None:
    """(first day, last day, how many) of the plan's open opplæringsvakter from today; None when
    none is open."""
    open_ones = [a for a in mentorship.plan.activities
                 if a.kind is ActivityKind.OPPLAERINGSVAKT and a.status.is_open and a.due_to >= today]
    if not open_ones:
        return None
    return max(min(a.due_from for a in open_ones), today), max(a.due_to for a in open_ones), len(open_ones)


def _shifts(person_ids, first: date, last: date) -> dict[int, list[Interval]]:
    found: dict[int, list[Interval]] = {person_id: [] for person_id in person_ids}
    for row in db.session.execute(select(Shift.person_id, Shift.starts, Shift.ends, Shift.code).where(
            Shift.person_id.in_(list(person_ids)), Shift.day.between(first, last))):
        found[row.person_id].append(Interval(row.starts, row.ends, row.code))
    return found


def needs_start_turnus(mentorship: Mentorship, today: date) -> bool:
    """Whether the hire has open opplæringsvakter and no shift at all in their weeks."""
    window = training_window(mentorship, today)
    if window is None:
        return False
    first, last, _ = window
    return not db.session.scalar(select(Shift.id).where(
        Shift.person_id == mentorship.mentee_id, Shift.day.between(first, last)).limit(1))


def start_turnus_proposal(mentorship: Mentorship, today: date) -> StartTurnus:
    window = training_window(mentorship, today)
    if window is None:
        raise ProgrammeError("Planen har ingen opplæringsvakter igjen å legge.")
    first, last, wanted = window
    partners = [p for p in (mentorship.mentor, mentorship.backup_mentor) if p is not None]
    shifts = _shifts([mentorship.mentee_id, *(p.id for p in partners)], first - REST_HORIZON, last + REST_HORIZON)
    away = set(db.session.scalars(select(Absence.day).where(
        Absence.person_id == mentorship.mentee_id, Absence.day.between(first, last))))
    return propose_start_turnus(
        own=shifts[mentorship.mentee_id], partners=[(p.id, p.full_name, shifts[p.id]) for p in partners],
        away=away, first=first, last=last, rules=settings_from_config().rest, wanted=wanted)


def accept_start_turnus(mentorship: Mentorship, keys: set[str], today: date) -> list[Shift]:
    """Put the accepted lines of the current proposal in the hire's turnus (as changes to carry
    back to the turnus system, like an accepted suggestion) and re-plan. Lines no longer in the
    proposal (the turnus changed since the page was shown) are refused."""
    proposal = start_turnus_proposal(mentorship, today)
    lines = {line.key: line for line in proposal.shifts}
    unknown = keys - set(lines)
    if unknown or not keys:
        raise ProgrammeError("Forslaget er endret siden siden ble vist. Se over det nye forslaget og godta igjen."
                             if unknown else "Velg minst én vakt å legge inn.")
    added = [Shift(person_id=mentorship.mentee_id, day=line.day, code=line.shift.code, starts=line.shift.start,
                   ends=line.shift.end, source=ShiftSource.SUGGESTION)
             for key, line in sorted(lines.items()) if key in keys]
    db.session.add_all(added)
    db.session.flush()
    replan_people([mentorship.mentee_id], today)
    return added


def start_turnus_shifts(mentorship: Mentorship) -> list[Shift]:
    """The hire's shifts put in by mentorplan and not yet confirmed by a turnus import."""
    return list(db.session.scalars(select(Shift).where(
        Shift.person_id == mentorship.mentee_id, Shift.source == ShiftSource.SUGGESTION).order_by(Shift.starts)))


def start_turnus_csv(mentorship: Mentorship) -> bytes:
    """Those shifts as a turnus CSV (CONTRACT.md, "Turnus CSV"), to carry into the turnus system;
    `import-turnus` reads it back as the same shifts."""
    number = db.session.scalar(select(Person.employee_number).where(Person.id == mentorship.mentee_id))
    rows = [(number, s.day.isoformat(), s.code, f"{s.starts:%H:%M}", f"{s.ends:%H:%M}")
            for s in start_turnus_shifts(mentorship)]
    return csv_bytes([CSV_HEADER, *rows])


def hires_without_start_turnus(scope, today: date) -> list[tuple[Mentorship, int]]:
    """(mentorship, its conflicts) for the hires in the scope whose conflicts come from having no
    shifts in the weeks of their opplæringsvakter: one proposal each instead of a card per
    activity. A fixed number of queries however many hires there are."""
    counts = dict(db.session.execute(
        select(Mentorship.id, func.count(PlanActivity.id)).join(Mentorship.employment)
        .join(Plan, Plan.mentorship_id == Mentorship.id).join(PlanActivity, PlanActivity.plan_id == Plan.id)
        .where(scope, PlanActivity.status == ActivityStatus.CONFLICT, in_programme_on(today))
        .group_by(Mentorship.id)).all())
    mentorships = list(db.session.scalars(
        select(Mentorship).where(Mentorship.id.in_(list(counts)))
        .options(selectinload(Mentorship.plan).selectinload(Plan.activities),
                 joinedload(Mentorship.mentee), joinedload(Mentorship.mentor))
        .order_by(Mentorship.start_date, Mentorship.id)).unique())
    windows = {m.id: w for m in mentorships if (w := training_window(m, today)) is not None}
    if not windows:
        return []
    worked = set(db.session.execute(select(Shift.person_id, Shift.day).where(
        Shift.person_id.in_([m.mentee_id for m in mentorships if m.id in windows]),
        Shift.day.between(min(w[0] for w in windows.values()), max(w[1] for w in windows.values())))).all())
    return [(m, counts[m.id]) for m in mentorships if m.id in windows
            and not any(person == m.mentee_id and windows[m.id][0] <= day <= windows[m.id][1] for person, day in worked)]
