"""The one place that turns the database into the plain records the retention statistics read."""
from collections.abc import Collection
from datetime import date

from sqlalchemy import String, func, select, type_coerce

from mentorplan.extensions import db
from mentorplan.models import (
    END_REASON_LABELS,
    PROFESSION_LABELS,
    Employment,
    Mentorship,
    RetentionBenchmark,
    Role,
    RoleAssignment,
    Unit,
)
from mentorplan.retention import EmploymentRecord, Question, Report, build_report
from mentorplan.retention.cohort import add_months, spells
from mentorplan.retention.figures import BeforeAfter, before_after

REASON_LABELS = {reason.value: label for reason, label in END_REASON_LABELS.items()}


def _records(hired_people) -> list[EmploymentRecord]:
    """Every employment of the people the select names, with whether it had a mentor."""
    labels = {profession.value: label for profession, label in PROFESSION_LABELS.items()}
    # Enums read as their plain values, through the connection: the ORM's per-row work would
    # be most of the time on a national data set.
    query = (
        select(Employment.id, Employment.person_id, Unit.name, Employment.start_date, Employment.end_date,
               type_coerce(Employment.end_reason, String), type_coerce(Employment.profession, String),
               Employment.newly_graduated, Mentorship.id.is_not(None))
        .join(Unit, Unit.id == Employment.unit_id)
        .outerjoin(Mentorship, Mentorship.employment_id == Employment.id)
        .where(Employment.person_id.in_(hired_people))
    )
    return [
        EmploymentRecord(id_, person_id, unit, start, end, reason, labels[profession], bool(graduate),
                         bool(mentored))
        for id_, person_id, unit, start, end, reason, profession, graduate, mentored
        in db.session.connection().execute(query)
    ]


def _hired_between(kommune_id: int, start_from: date, start_to: date, unit_ids: Collection[int] | None):
    query = (select(Employment.person_id).join(Unit, Unit.id == Employment.unit_id)
             .where(Unit.kommune_id == kommune_id, Employment.start_date.between(start_from, start_to)))
    if unit_ids is not None:
        query = query.where(Employment.unit_id.in_(unit_ids))
    return query


def hire_records(kommune_id: int, start_from: date, start_to: date,
                 unit_ids: Collection[int] | None = None) -> list[EmploymentRecord]:
    """The employments of everyone hired in [start_from, start_to] (at the given units), all of
    them, so that transfers can be followed and continuations told from hires."""
    return _records(_hired_between(kommune_id, start_from, start_to, unit_ids))


def programme_starts(kommune_id: int, unit_ids: Collection[int] | None = None) -> dict[str, date]:
    """Unit name → the day the unit started the mentor programme, for units that have."""
    query = select(Unit.name, Unit.programme_started_on).where(
        Unit.kommune_id == kommune_id, Unit.programme_started_on.is_not(None))
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    return dict(db.session.execute(query).all())


def comparison_records(kommune_id: int, starts: dict[str, date],
                       unit_ids: Collection[int] | None = None) -> list[EmploymentRecord]:
    """Employments of those hired in the year before and the year after the programme started,
    at the units that started it."""
    if not starts:
        return []
    first, last = min(starts.values()), max(starts.values())
    hired = _hired_between(kommune_id, add_months(first, -12), add_months(last, 12), unit_ids).where(
        Unit.programme_started_on.is_not(None))
    return _records(hired)


def unit_before_after(unit: Unit, as_of: date, months: int = 12) -> BeforeAfter | None:
    """The unit's N-month retention for hires in the year before it started the programme and in
    the year from the start (the enhetsleder's dashboard); None until a start is registered."""
    if unit.programme_started_on is None:
        return None
    starts = {unit.name: unit.programme_started_on}
    records = comparison_records(unit.kommune_id, starts, [unit.id])
    followed = spells(records, add_months(unit.programme_started_on, -12),
                      add_months(unit.programme_started_on, 12), as_of)
    return next(row for row in before_after(followed, starts, months) if row.unit == unit.name)


MENTOR_ENDED = "mentor_sluttet"


def mentor_records(kommune_id: int, unit_ids: Collection[int] | None = None) -> list[EmploymentRecord]:
    """Each mentor role as a record from its first day (or the holder's start at the unit) to its
    last; a role that ended is an exit, whatever the reason."""
    first_day = func.coalesce(RoleAssignment.valid_from, select(func.min(Employment.start_date)).where(
        Employment.person_id == RoleAssignment.person_id, Employment.unit_id == RoleAssignment.unit_id
    ).scalar_subquery())
    query = (select(RoleAssignment.id, RoleAssignment.person_id, Unit.name, first_day, RoleAssignment.valid_to)
             .join(Unit, Unit.id == RoleAssignment.unit_id)
             .where(RoleAssignment.kommune_id == kommune_id, RoleAssignment.role == Role.MENTOR))
    if unit_ids is not None:
        query = query.where(RoleAssignment.unit_id.in_(unit_ids))
    # A negative person id per role: one person's roles at two units are never chained as transfers.
    return [EmploymentRecord(id_, -id_, unit, start, end, MENTOR_ENDED if end else None)
            for id_, _, unit, start, end in db.session.execute(query) if start is not None]


def benchmarks(kommune_id: int) -> list[RetentionBenchmark]:
    return list(db.session.scalars(select(RetentionBenchmark).where(RetentionBenchmark.kommune_id == kommune_id)
                                   .order_by(RetentionBenchmark.months, RetentionBenchmark.label)))


def retention_report(kommune_id: int, question: Question, unit_ids: Collection[int] | None, *,
                     suppress: bool, units: Collection[Unit] | None = None) -> Report:
    """The whole report, with the before/after table of the units that started the programme.

    `unit_ids` limits the hires to those units (None: the whole kommune); the question's
    `units` must name the same units. `units`: those same units (all the kommune's when
    `unit_ids` is None) when the caller has loaded them already, to read their programme starts from.
    """
    starts = (programme_starts(kommune_id, unit_ids) if units is None else
              {u.name: u.programme_started_on for u in units if u.programme_started_on is not None})
    return build_report(
        hire_records(kommune_id, question.start_from, question.start_to, unit_ids), question, suppress=suppress,
        reason_labels=REASON_LABELS, programme_starts=starts,
        comparison_records=comparison_records(kommune_id, starts, unit_ids),
        mentor_records=mentor_records(kommune_id, unit_ids),
    )
