"""Is the unit's programme working? The enhetsleder's figures, from plain plan data (pure)."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .progress import ActivityLike, _status, progress

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
    """Done, of those that are done or should have been by today; cancelled ones count for nothing."""
    counted = [a for a in activities if _kind(a) in kinds and _status(a) != "cancelled"]
    done = sum(1 for a in counted if _status(a) == "done")
    return Share(done, sum(1 for a in counted if _status(a) == "done" or a.due_to < today))


def dashboard(plans: Sequence[PlanFigures], today: date) -> Dashboard:
    """A plan is behind when any activity is open past its window."""
    everything = [a for p in plans for a in p.activities]
    return Dashboard(
        plans=len(plans),
        behind=sum(1 for p in plans if progress(p.activities, today).overdue),
        conversations=_due_share(everything, CONVERSATIONS, today),
        training_shifts=_due_share(everything, (TRAINING_SHIFT,), today),
        checklist=Share(sum(p.checklist_signed_off for p in plans), sum(p.checklist_items for p in plans)),
    )
