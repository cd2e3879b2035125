"""What the start page puts in front of the avdelingsleder, the admin and HR: the work waiting for
them, counted, with the first few items and a link to the page that does it. A fixed number of
queries each, whatever the size of the ward or kommune."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from mentorplan.extensions import db
from mentorplan.models import ActivityKind, ActivityStatus, Mentorship, Plan, PlanActivity, Unit
from mentorplan.plans.overview import in_programme_on
from mentorplan.retention.cohort import add_months, spells
from mentorplan.retention.figures import counts
from mentorplan.retention.report import MINIMUM_GROUP
from mentorplan.retention.source import hire_records
from mentorplan.scheduling.overview import Week, conflicts_query

CONFLICTS_SHOWN = 3
CONVERSATIONS_SHOWN = 5
CONVERSATION_KINDS = (ActivityKind.MENTORSAMTALE, ActivityKind.LEDERSAMTALE)
HEADLINE_MONTHS = 12


@dataclass(frozen=True)
class WardWork:
    conflicts: int
    first_conflicts: list[PlanActivity]
    conversations: list[PlanActivity]  # this week's, held or placed, in time order

    @property
    def conversations_done(self) -> int:
        return sum(a.status is ActivityStatus.DONE for a in self.conversations)


def ward_work(scope, day: date) -> WardWork:
    """The open conflicts in the ward leader's scope (a clause on Employment), the most urgent
    first, and the ward's mentor and leader conversations this week (Monday to Sunday)."""
    conflicts = conflicts_query(scope, day)
    total = db.session.scalar(select(func.count()).select_from(conflicts.order_by(None).subquery()))
    first = list(db.session.scalars(conflicts.limit(CONFLICTS_SHOWN))) if total else []
    return WardWork(total, first, _conversations(scope, Week.of(day)))


def _conversations(scope, week: Week) -> list[PlanActivity]:
    start = datetime.combine(week.monday, time())
    return list(db.session.scalars(
        select(PlanActivity).join(PlanActivity.plan).join(Plan.mentorship).join(Mentorship.employment)
        .join(Mentorship.mentee)
        .where(scope, in_programme_on(week.monday), PlanActivity.kind.in_(CONVERSATION_KINDS),
               PlanActivity.status.in_((ActivityStatus.SCHEDULED, ActivityStatus.DONE)),
               PlanActivity.scheduled_start >= start, PlanActivity.scheduled_start < start + timedelta(days=7))
        .options(contains_eager(PlanActivity.plan).contains_eager(Plan.mentorship)
                 .contains_eager(Mentorship.mentee))
        .order_by(PlanActivity.scheduled_start, PlanActivity.id)))


@dataclass(frozen=True)
class RetentionHeadline:
    """The share of a year's hires still in the kommune a year after they started; None (the
    figure not shown) when it would speak of fewer than five people."""

    start_from: date
    start_to: date
    followed: int
    rate: float | None


def retention_headline(kommune_id: int, day: date, unit_ids, *, suppress: bool) -> RetentionHeadline:
    """12-month retention (DOMAIN.md, Retention) of those hired 24 to 12 months before the day, the
    last whole year whose first anniversary has come, counted as the retention report counts it
    (`unit_ids`: retention_unit_ids); with `suppress` (retention_suppressed) no rate is shown for
    fewer than five people followed, as on the report."""
    start_to = add_months(day, -HEADLINE_MONTHS)
    start_from = add_months(day, -2 * HEADLINE_MONTHS) + timedelta(days=1)
    hires = spells(hire_records(kommune_id, start_from, start_to, unit_ids), start_from, start_to, day)
    if unit_ids is not None:
        # Someone hired at one of the units and elsewhere too counts for these units only (as the report).
        names = set(db.session.scalars(select(Unit.name).where(Unit.id.in_(unit_ids))))
        hires = [spell for spell in hires if spell.hire.unit in names]
    figures = counts(hires, HEADLINE_MONTHS)
    hidden = suppress and figures.followed < MINIMUM_GROUP
    return RetentionHeadline(start_from, start_to, figures.followed, None if hidden else figures.retention_rate)
