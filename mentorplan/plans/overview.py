"""Loading mentorships with everything their overview pages show, in a fixed number of queries."""
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    Employment,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    person_matches,
)
from mentorplan.planning.progress import Progress

OPEN = [s for s in ActivityStatus if s.is_open]
# What a plan's figures leave out, as progress() does: cancelled and «før mentorplan» activities.
NOT_COUNTED = [ActivityStatus.CANCELLED, ActivityStatus.BEFORE_GO_LIVE]


def load_mentorships(*where, active_on=None, activities: bool = True) -> list[Mentorship]:
    """Mentorships matching the clauses (the query joins Employment), newest start first; with
    `activities=False` the plans' activities are not loaded (use plan_progress for the figures)."""
    mentorships = list(db.session.scalars(_mentorships(*where, activities=activities)).unique())
    if active_on is not None:
        mentorships = [m for m in mentorships if m.is_active(active_on)]
    return mentorships


def in_programme_on(day: date):
    """Mentorships that have not ended on the day: running, or registered and yet to start. A
    hire who starts next month is already the leaders' and the mentor's to prepare for, so the
    lists, searches and counts show them (Mentorship.is_active is narrower: it starts a
    fortnight before the first day, for what the mentee sees and what mentors are paid for)."""
    return or_(Mentorship.end_date.is_(None), Mentorship.end_date >= day)


def mentorships_query(*where, active_on: date, search: str = ""):
    """The mentorships in the programme on the day (`in_programme_on`), searchable by the mentee's
    name, for a page to paginate; the activities are not loaded (plan_progress gives each plan's
    figures)."""
    return _mentorships(*where, in_programme_on(active_on), *([person_matches(search)] if search else []),
                        activities=False)


def plan_progress(plan_ids, day: date, first: int = 3) -> dict[int, Progress]:
    """`progress()` of each plan, computed by the database in one query whatever the plans' size:
    each plan's counts as window aggregates, beside only the first `first` overdue and upcoming
    activities of each (`overdue` holds at most `first` of them; `overdue_count` is all). A plan
    with none open still sends one row, for its counts."""
    plan_ids = list(plan_ids)
    if not plan_ids:
        return {}
    is_open = PlanActivity.status.in_(OPEN)
    overdue = PlanActivity.due_to < day
    by_plan = {"partition_by": PlanActivity.plan_id}
    order = (PlanActivity.due_to, PlanActivity.due_from, PlanActivity.position, PlanActivity.id)
    ranked = (select(
        PlanActivity.id,
        func.count().over(**by_plan).label("total"),
        func.sum(case((PlanActivity.status == ActivityStatus.DONE, 1), else_=0)).over(**by_plan).label("done"),
        func.sum(case((is_open & overdue, 1), else_=0)).over(**by_plan).label("late"),
        case((is_open, 1), else_=0).label("open"),
        func.row_number().over(partition_by=(PlanActivity.plan_id, is_open, overdue), order_by=order).label("n"),
        func.row_number().over(order_by=PlanActivity.id, **by_plan).label("nth_of_plan"))
        .where(PlanActivity.plan_id.in_(plan_ids), PlanActivity.status.not_in(NOT_COUNTED))
        .subquery())
    rows = db.session.execute(
        select(PlanActivity, ranked.c.total, ranked.c.done, ranked.c.late, ranked.c.open, ranked.c.n)
        .join(ranked, ranked.c.id == PlanActivity.id)
        .where(or_((ranked.c.open == 1) & (ranked.c.n <= first), ranked.c.nth_of_plan == 1))
        .order_by(*order))
    lists: dict[int, tuple[list, list]] = {plan_id: ([], []) for plan_id in plan_ids}
    figures: dict[int, tuple[int, int, int]] = {}
    for activity, total, done, late, open_, n in rows:
        figures[activity.plan_id] = (total, done or 0, late or 0)
        if open_ == 1 and n <= first:
            lists[activity.plan_id][activity.due_to >= day].append(activity)
    result = {}
    for plan_id in plan_ids:
        total, done, late = figures.get(plan_id, (0, 0, 0))
        result[plan_id] = Progress(total=total, done=done, overdue=lists[plan_id][0], upcoming=lists[plan_id][1],
                                   overdue_count=late)
    return result


def activity_figures(plan_ids) -> dict[int, list]:
    """Plan id → its activities as plain rows (kind, status, due_from, due_to) in one query: what the
    programme dashboard counts, without building an ORM object of every activity."""
    plans: dict[int, list] = {}
    for row in db.session.execute(
            select(PlanActivity.plan_id, PlanActivity.kind, PlanActivity.status, PlanActivity.due_from,
                   PlanActivity.due_to).where(PlanActivity.plan_id.in_(list(plan_ids)))):
        plans.setdefault(row.plan_id, []).append(row)
    return plans


def with_progress(mentorships, day: date) -> list[tuple[Mentorship, Progress]]:
    """(mentorship, its plan's progress) for an overview's rows."""
    figures = plan_progress((m.plan.id for m in mentorships), day)
    return [(m, figures[m.plan.id]) for m in mentorships]


def running_count(where, day: date) -> int:
    """The number of mentorships matching the clause in the programme on the day, those yet to
    start included (one query)."""
    return db.session.scalar(
        select(func.count(Mentorship.id)).join(Mentorship.employment).where(where, in_programme_on(day))) or 0


def overdue_count(where, day: date) -> int:
    """Open activities past their window in the mentorships matching the clause (one query)."""
    return db.session.scalar(
        select(func.count(PlanActivity.id)).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.employment)
        .where(where, in_programme_on(day), PlanActivity.status.in_(OPEN), PlanActivity.due_to < day)) or 0


def open_activities(*where) -> list[PlanActivity]:
    """Activities of mentorships matching the clauses (the query joins Employment), with their
    plan, mentorship, mentee and employment, by deadline."""
    return list(db.session.scalars(
        select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.employment)
        .join(Mentorship.mentee)
        .where(PlanActivity.status.in_(OPEN), *where)
        .options(contains_eager(PlanActivity.plan).contains_eager(Plan.mentorship).options(
            contains_eager(Mentorship.mentee), contains_eager(Mentorship.employment)))
        .order_by(PlanActivity.due_to, PlanActivity.due_from, PlanActivity.id)))


def _mentorships(*where, activities: bool = True):
    # The mentee and the employment are joined for the clauses and the order, and loaded from those
    # same joins (contains_eager); the mentor by a query of its own (no list shows the backup mentor;
    # the plan page loads it when there is one). Joining everything for loading
    # (nine tables) cost PostgreSQL's planner 12 ms for a 0.3 ms query on the Trondheim data.
    # The plan (one per mentorship) comes from a join too: one round trip less on every list page.
    plans = contains_eager(Mentorship.plan)
    return (
        select(Mentorship)
        .join(Mentorship.employment)
        .join(Mentorship.mentee)
        .outerjoin(Mentorship.plan)
        .where(*where)
        .options(
            contains_eager(Mentorship.mentee),
            selectinload(Mentorship.mentor),
            contains_eager(Mentorship.employment).joinedload(Employment.unit),
            contains_eager(Mentorship.employment).joinedload(Employment.ward),
            plans.selectinload(Plan.activities) if activities else plans,
        )
        .order_by(Mentorship.start_date.desc(), Person.last_name, Mentorship.id)
    )
