"""Setting the kommune's go-live date, recording what was done before it, and the plans still to
be looked over. Each operation flushes; the caller commits."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from mentorplan.extensions import db
from mentorplan.go_live.marking import apply_go_live
from mentorplan.models import (
    ActivityStatus,
    Employment,
    Kommune,
    Mentorship,
    Person,
    Plan,
    PlanActivity,
    Unit,
)
from mentorplan.models.types import utcnow
from mentorplan.plans.locking import read_for_update
from mentorplan.plans.overview import in_programme_on
from mentorplan.scheduling.service import schedule_plans


@dataclass(frozen=True)
class GoLiveChange:
    plans: int      # running plans with an activity marked or opened again
    marked: int     # activities now «før mentorplan»
    reopened: int   # activities open again (the date moved earlier, or was removed)


def set_go_live(kommune: Kommune, day: date | None, today: date) -> GoLiveChange:
    """Set (or move, or remove) the day the kommune took mentorplan into use, and bring every
    running plan of the kommune in line with it: open activities due before the day become «før
    mentorplan», and those no longer before it are opened again and placed. Done activities stay
    as they are, whatever the date."""
    kommune.go_live_on = day
    plans = _running_plans(kommune, today)
    read_for_update(plans)  # a mark of «utført» meanwhile is seen, not written over
    marked = reopened = changed = 0
    to_place = []
    for plan in plans:
        plan_marked, plan_reopened = apply_go_live(plan, day)
        marked, reopened = marked + plan_marked, reopened + plan_reopened
        changed += bool(plan_marked or plan_reopened)
        if plan_reopened:
            to_place.append(plan)
    db.session.flush()
    if to_place:
        schedule_plans(to_place, today)
    return GoLiveChange(changed, marked, reopened)


def _running_plans(kommune: Kommune, today: date) -> list[Plan]:
    return list(db.session.scalars(
        select(Plan).join(Plan.mentorship).join(Mentorship.employment).join(Employment.unit)
        .where(Unit.kommune_id == kommune.id, in_programme_on(today))
        .options(selectinload(Plan.activities),
                 contains_eager(Plan.mentorship).contains_eager(Mentorship.employment))
        .order_by(Plan.id)).unique())


def before_go_live(plan: Plan) -> list[PlanActivity]:
    """The plan's «før mentorplan» activities, in the plan's order."""
    return [a for a in plan.activities if a.status is ActivityStatus.BEFORE_GO_LIVE]


def first_day(plan: Plan) -> date:
    """The plan's first day: its start, or the first day of a preparation due before it. Nothing in
    the plan was done before that."""
    return min([plan.start_date, *(a.due_from for a in plan.activities)])


def record_done_before_go_live(plan: Plan, activity_ids: set[int], on: date | None, by: Person) -> int:
    """Mark the chosen «før mentorplan» activities done on the day (None: the day is not known);
    the rest stay «før mentorplan» (ikke aktuelt / ikke registrert). The plan counts as looked
    over. Returns how many were marked; one recorded by someone else meanwhile is left as it is."""
    read_for_update([plan])
    chosen = [a for a in before_go_live(plan) if a.id in activity_ids]
    stamp = utcnow()
    for activity in chosen:
        activity.status = ActivityStatus.DONE
        activity.completed_on, activity.completed_by, activity.completed_at = on, by, stamp
    plan.go_live_reviewed_at = stamp
    db.session.flush()
    return len(chosen)


def plans_to_look_over(where, day: date) -> list[tuple[Mentorship, int]]:
    """Mentorships matching the clause (the query joins Employment) whose plan has «før mentorplan»
    activities nobody has looked over yet, with how many, by the mentee's name."""
    waiting = (select(PlanActivity.plan_id, func.count().label("count"))
               .where(PlanActivity.status == ActivityStatus.BEFORE_GO_LIVE)
               .group_by(PlanActivity.plan_id).subquery())
    return [(m, count) for m, count in db.session.execute(
        select(Mentorship, waiting.c.count)
        .join(Mentorship.employment).join(Mentorship.mentee).join(Mentorship.plan)
        .join(waiting, waiting.c.plan_id == Plan.id)
        .where(where, in_programme_on(day), Plan.go_live_reviewed_at.is_(None))
        .options(contains_eager(Mentorship.mentee), contains_eager(Mentorship.employment))
        .order_by(Person.last_name, Person.first_name, Mentorship.id))]
