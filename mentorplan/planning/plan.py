"""Dating a plan: template activities laid out from a start date."""
from dataclasses import dataclass
from datetime import date

from mentorplan.planning.calendar import on_day
from mentorplan.planning.default_template import ActivitySpec


@dataclass(frozen=True)
class DatedActivity:
    position: int
    spec: ActivitySpec
    due_from: date
    due_to: date


def dated_activities(specs: list[ActivitySpec], start: date) -> list[DatedActivity]:
    """Each activity's due window as calendar dates, in template order."""
    return [
        DatedActivity(position, spec, on_day(start, spec.due_from_day), on_day(start, spec.due_to_day))
        for position, spec in enumerate(specs, start=1)
    ]
