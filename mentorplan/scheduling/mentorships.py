"""A mentorship started, handed to another mentor or moved to a new template version, with its plan
placed on the turnus at once.

The change itself is plans.operations'; it cannot place the plan, because scheduling builds on
plans. Pages call these instead, so what follows the change is decided here, once. The staff
import starts and changes many mentorships and places their plans together, with the same
scheduler and day (people/staff_import.py); the demo builds its history with plans.operations
and places everything at the end. Adds and flushes; the caller commits.
"""
from datetime import date

from mentorplan.models import Employment, MentorChange, Mentorship, Person, Plan, PlanTemplate
from mentorplan.plans.operations import apply_template, hand_over, start_mentorship
from mentorplan.scheduling.service import schedule_plans


def start_and_place(employment: Employment, mentor: Person, by: Person | None) -> Mentorship:
    """A new hire's mentorship and one-year plan, its activities placed from today."""
    mentorship = start_mentorship(employment, mentor, by=by)
    schedule_plans([mentorship.plan])
    return mentorship


def hand_over_and_place(mentorship: Mentorship, mentor: Person, by: Person, on: date, reason: str) -> MentorChange:
    """The hand-over (plans.operations.hand_over), and the plan placed again with the new mentor."""
    change = hand_over(mentorship, mentor, by, on, reason)
    schedule_plans([mentorship.plan], today=on)
    return change


def apply_template_and_place(plan: Plan, template: PlanTemplate) -> int:
    """The plan moved to another template version (plans.operations.apply_template), and its new
    activities placed at once: left unplaced, they waited for the next turnus change to reach the
    calendars and the conflicts page."""
    added = apply_template(plan, template)
    schedule_plans([plan])
    return added
