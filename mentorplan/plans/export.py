"""A mentee's plan as the JSON of CONTRACT.md (`plan ANSATTNR --format json`)."""
from datetime import date, datetime

from mentorplan.models import Mentorship, PlanActivity
from mentorplan.plans.operations import activity_people, plan_people


def _local(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


def participants(activity: PlanActivity, people) -> list:
    """The mentee, whoever the activity is with (the back-up mentor, when placed with them), the rest."""
    persons = activity_people(activity, people)
    partner, responsible = activity.partner, people.get(activity.responsible)
    if partner is not None and partner not in persons:
        persons = [partner if person == responsible else person for person in persons]
    return persons


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
        "participants": [p.employee_number for p in participants(activity, people)],
        "conflict": {"reason": activity.conflict_reason,
                     "suggestions": [s["text"] for s in activity.conflict_suggestions or []]}
        if activity.status.value == "conflict" else None,
    }


def plan_as_dict(mentorship: Mentorship, on: date) -> dict:
    people = plan_people(mentorship, on)
    return {
        "ansattnr": mentorship.mentee.employee_number,
        "start": mentorship.plan.start_date.isoformat(),
        "mentor": mentorship.mentor.employee_number,
        "activities": [activity_as_dict(a, people) for a in mentorship.plan.activities],
    }
