"""A mentee's plan as the JSON of CONTRACT.md (`plan ANSATTNR --format json`)."""
from datetime import date, datetime

from .models import Mentorship, PlanActivity
from .programme import activity_people, plan_people


def _local(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


def activity_as_dict(activity: PlanActivity, people) -> dict:
    return {
        "id": activity.id,
        "kind": activity.kind.value,
        "title": activity.title,
        "due_from": activity.due_from.isoformat(),
        "due_to": activity.due_to.isoformat(),
        "status": activity.status.value,
        "start": _local(activity.scheduled_start),
        "end": _local(activity.scheduled_end),
        "participants": [p.employee_number for p in activity_people(activity, people)],
        "conflict": {"reason": activity.conflict_reason, "suggestions": []}
        if activity.conflict_reason else None,
    }


def plan_as_dict(mentorship: Mentorship, on: date) -> dict:
    people = plan_people(mentorship, on)
    return {
        "ansattnr": mentorship.mentee.employee_number,
        "start": mentorship.plan.start_date.isoformat(),
        "mentor": mentorship.mentor.employee_number,
        "activities": [activity_as_dict(a, people) for a in mentorship.plan.activities],
    }
