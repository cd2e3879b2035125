"""Is the unit's programme working? The enhetsleder's figures, from plain plan data (pure)."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentorplan.planning.progress import NOT_COUNTED, OPEN, ActivityLike, _status

CONVERSATIONS = ("mentorsamtale", "ledersamtale")
TRAINING_SHIFT = "opplaeringsvakt"


@dataclass(frozen=True)
class PlanFigures:
    """One running plan: its activities (with .kind, .status, .due_from, .due_to) and its checklist."""
    activities: Sequence[ActivityLike]
    checklist_signed_off: int
    checklist_items: int


@dataclass(frozen=True)
class Share:
    done: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.of) if self.of else None


@dataclass(frozen=True)
class Dashboard:
    plans: int
    behind: int
    conversations: Share      # held, of those whose window has closed or that were held
    training_shifts: Share    # opplæringsvakter done, of those due so far
    checklist: Share          # items signed off by the mentor, of all items in running plans

    @property
    def on_track(self) -> int:
        return self.plans - self.behind


def _kind(activity) -> str:
    return getattr(activity.kind, "value", activity.kind)


def _due_share(activities, kinds: tuple[str, ...], today: date) -> Share:
    """Done, of those that are done or should have been by today; cancelled and «før mentorplan»
    ones count for nothing (what was due before the kommune took mentorplan into use is no debt)."""
    done = due = 0
    for a in activities:
        if _kind(a) in kinds:
            status = _status(a)
            if status == "done":
                done += 1
            elif status not in NOT_COUNTED and a.due_to < today:
                due += 1
    return Share(done, done + due)


def _behind(activities, today: date) -> bool:
    """Any activity open past its window (what `progress(...).overdue` lists), without sorting them."""
    return any(a.due_to < today and _status(a) in OPEN for a in activities)


def dashboard(plans: Sequence[PlanFigures], today: date) -> Dashboard:
    """A plan is behind when any activity is open past its window."""
    everything = [a for p in plans for a in p.activities]
    return Dashboard(
        plans=len(plans),
        behind=sum(1 for p in plans if _behind(p.activities, today)),
        conversations=_due_share(everything, CONVERSATIONS, today),
        training_shifts=_due_share(everything, (TRAINING_SHIFT,), today),
        checklist=Share(sum(p.checklist_signed_off for p in plans), sum(p.checklist_items for p in plans)),
    )
