"""How far a plan has come: done, overdue and next activities as of a day."""
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol, Sequence

OPEN = ("planned", "scheduled", "conflict")
# «Før mentorplan» (planning/go_live.py): like a cancelled activity, not applicable to the plan's
# figures; it counts again once recorded as done.
BEFORE_GO_LIVE = "before_go_live"
NOT_COUNTED = ("cancelled", BEFORE_GO_LIVE)


class ActivityLike(Protocol):
    status: object
    due_from: date
    due_to: date


def _status(activity: ActivityLike) -> str:
    return getattr(activity.status, "value", activity.status)


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    overdue: list
    upcoming: list
    overdue_count: int = -1  # all overdue ones; `overdue` may hold only the first few (see overview.plan_progress)

    def __post_init__(self):
        if self.overdue_count < 0:
            object.__setattr__(self, "overdue_count", len(self.overdue))

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress(activities: Sequence[ActivityLike], today: date, upcoming: int = 3) -> Progress:
    """Cancelled and «før mentorplan» activities count for nothing; overdue = open and past its window."""
    counted = [a for a in activities if _status(a) not in NOT_COUNTED]
    open_ones = sorted((a for a in counted if _status(a) in OPEN), key=lambda a: (a.due_to, a.due_from))
    return Progress(
        total=len(counted),
        done=sum(1 for a in counted if _status(a) == "done"),
        overdue=[a for a in open_ones if a.due_to < today],
        upcoming=[a for a in open_ones if a.due_to >= today][:upcoming],
    )


def next_activity(activities: Sequence[ActivityLike], now: datetime):
    """The next open activity in time: the earliest placed from now on, or one not yet placed whose
    window opens sooner (from the start of its first day, or today when it is open already).
    Overdue ones are not next: they are overdue. None when nothing is ahead."""
    today = now.date()

    def moment(activity) -> datetime:
        start = getattr(activity, "scheduled_start", None)
        return start if start is not None else datetime.combine(max(activity.due_from, today), time())

    ahead = [a for a in activities if _status(a) in OPEN and a.due_to >= today
             and (getattr(a, "scheduled_start", None) is None or a.scheduled_start >= now)]
    return min(ahead, key=lambda a: (moment(a), a.due_to), default=None)
