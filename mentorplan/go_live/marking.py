"""Putting a plan's activities in the state the kommune's go-live date gives them (planning/go_live.py).

Kept apart from go_live/operations.py, which re-places plans: making a plan (plans/operations.py)
marks its activities too, and the scheduler imports plans/operations.
"""
from datetime import date

from mentorplan.models import ActivityStatus, Plan, PlanActivity
from mentorplan.planning.go_live import status_at_go_live


def apply_go_live(plan: Plan, go_live: date | None) -> tuple[int, int]:
    """Mark the plan's open activities due before go-live «før mentorplan», and open again those
    no longer before it; done and cancelled ones are never touched. Returns (marked, reopened).
    Flushes nothing: the caller (making a plan, or setting the date) does."""
    marked = reopened = 0
    for activity in plan.activities:
        status = ActivityStatus(status_at_go_live(activity.status.value, activity.due_to, go_live))
        if status is activity.status:
            continue
        if status is ActivityStatus.BEFORE_GO_LIVE:
            _unplace(activity)
            marked += 1
        else:
            reopened += 1  # planned again: the next re-plan places it or shows its conflict
        activity.status = status
    if marked:
        plan.go_live_reviewed_at = None  # more to look over than when it was last recorded
    return marked, reopened


def _unplace(activity: PlanActivity) -> None:
    """Whatever happened then happened outside mentorplan: no time in a turnus or calendar is held
    for it, and no conflict is shown for it (a calendar that had it is told it is cancelled)."""
    activity.scheduled_start = activity.scheduled_end = activity.partner_id = None
    activity.placement_note = activity.conflict_reason = activity.conflict_suggestions = None
