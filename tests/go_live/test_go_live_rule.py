"""The go-live rule and the figures that leave «før mentorplan» out, on plain data."""
from dataclasses import dataclass
from datetime import date

import pytest

from mentorplan.planning.dashboard import PlanFigures, dashboard
from mentorplan.planning.go_live import status_at_go_live
from mentorplan.planning.progress import progress

GO_LIVE = date(2026, 12, 1)


@pytest.mark.parametrize("status, due_to, go_live, expected", [
    ("planned", date(2026, 11, 30), GO_LIVE, "before_go_live"),
    ("scheduled", date(2026, 11, 30), GO_LIVE, "before_go_live"),
    ("conflict", date(2026, 11, 30), GO_LIVE, "before_go_live"),
    ("planned", GO_LIVE, GO_LIVE, "planned"),                        # due on the day itself: mentorplan's
    ("done", date(2026, 9, 7), GO_LIVE, "done"),                     # history is never touched
    ("cancelled", date(2026, 9, 7), GO_LIVE, "cancelled"),
    ("before_go_live", date(2026, 11, 30), GO_LIVE, "before_go_live"),
    ("before_go_live", date(2026, 11, 30), date(2026, 10, 1), "planned"),   # the date moved earlier
    ("before_go_live", date(2026, 11, 30), None, "planned"),                # the date removed
    ("planned", date(2026, 11, 30), None, "planned"),
])
def test_status_at_go_live(status, due_to, go_live, expected):
    assert status_at_go_live(status, due_to, go_live) == expected


@dataclass
class Activity:
    status: str
    due_from: date
    due_to: date
    kind: str = "opplaeringsvakt"


def test_før_mentorplan_is_neither_counted_nor_overdue_nor_training_debt():
    today = date(2026, 12, 10)
    activities = [Activity("before_go_live", date(2026, 9, 7), date(2026, 10, 4)),
                  Activity("done", date(2026, 9, 7), date(2026, 10, 4)),
                  Activity("planned", date(2026, 12, 1), date(2026, 12, 5)),
                  Activity("planned", date(2026, 12, 20), date(2026, 12, 31))]
    figures = progress(activities, today)
    assert (figures.total, figures.done, figures.overdue_count) == (3, 1, 1)
    board = dashboard([PlanFigures(activities, 0, 0)], today)
    assert (board.training_shifts.done, board.training_shifts.of) == (1, 2)
    assert dashboard([PlanFigures(activities[:2], 0, 0)], today).behind == 0
