"""Hires and how long they stayed, from plain employment records (DOMAIN.md, "Retention").

A hire is an employment that does not continue an internal transfer. It is followed
through every internal transfer into the next employment, as long as the person stays
in the kommune, and only what had happened by the as-of date counts.
"""
import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

TRANSFER = "intern_overgang"
# The next employment continues a transfer when it starts within this many days of its end.
CONTINUATION_DAYS = 31
DAYS_PER_MONTH = 365.25 / 12
PROBATION_MONTHS = 6  # prøvetid, at most six months (arbeidsmiljøloven § 15-6)


class EmploymentRecord(NamedTuple):
    """One employment as the statistics see it; `unit` and `profession` are display names.
    (A named tuple: a national report makes a hundred thousand of them.)"""

    id: int
    person_id: int
    unit: str
    start: date
    end: date | None = None
    end_reason: str | None = None
    profession: str = "Sykepleier"
    newly_graduated: bool = False
    mentored: bool = False


@dataclass(slots=True)
class Spell:
    """A hire followed through its internal transfers, as things stood on `as_of`.

    `end` is the last day of the followed employment if it had ended before the as-of
    date, else None. A chain that ends in a transfer with no next employment found keeps
    `end_reason` intern_overgang: it is not leaving, and we cannot follow it further.
    The derived fields are day numbers (date ordinals), worked out once: a national report
    asks them hundreds of thousands of times.
    """

    hire: EmploymentRecord
    as_of: date
    end: date | None
    end_reason: str | None
    transfers: tuple[tuple[str, date], ...] = ()  # (unit left, last day there)
    left_kommune: bool = field(init=False)
    left_in_probation: bool = field(init=False)
    duration: int = field(init=False)
    first_day: int = field(init=False)
    last_day: int = field(init=False)  # the last day employed, when the person left the kommune
    as_of_day: int = field(init=False)
    transfer_days: tuple[int, ...] = field(init=False)

    def __post_init__(self):
        start, left = self.hire.start, self.end is not None and self.end_reason != TRANSFER
        self.left_kommune = left
        self.left_in_probation = left and self.end < add_months(start, PROBATION_MONTHS)
        # Days followed: up to the first day no longer employed when the person left, else the
        # number of days known to be employed after the start (the censoring time).
        self.duration = (self.end - start).days + 1 if left else max(0, ((self.end or self.as_of) - start).days)
        self.first_day = start.toordinal()
        self.last_day = self.end.toordinal() if left else 0
        self.as_of_day = self.as_of.toordinal()
        self.transfer_days = tuple(day.toordinal() for _, day in self.transfers) if self.transfers else ()

    @property
    def start(self) -> date:
        return self.hire.start

    def passed(self, days: int) -> bool:
        """Whether the hire's `days`-th day after the start had come by the as-of date."""
        return self.first_day + days <= self.as_of_day


def horizon_days(months: int) -> int:
    """The day on which N months have passed: 365 for 12 months (a month is 365.25/12 days)."""
    return int(months * DAYS_PER_MONTH)


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = year + day.year, month + 1
    if day.day <= 28:  # every month has the day: no calendar needed (this runs for every leaver)
        return date(year, month, day.day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def continuations(records: Iterable[EmploymentRecord]) -> dict[int, EmploymentRecord]:
    """Employment id → the employment that continues it after an internal transfer.

    The continuation is the person's first later employment starting within 31 days of the
    transfer; each employment continues at most one other.
    """
    # Only the people with a transfer have continuations; most have none.
    moved = {r.person_id for r in records if r.end_reason == TRANSFER and r.end is not None}
    by_person: dict[int, list[EmploymentRecord]] = defaultdict(list)
    for record in records:
        if record.person_id in moved:
            by_person[record.person_id].append(record)
    following: dict[int, EmploymentRecord] = {}
    for employments in by_person.values():
        if len(employments) < 2:
            continue
        employments.sort(key=lambda e: (e.start, e.id))
        taken: set[int] = set()
        for index, employment in enumerate(employments):
            if employment.end_reason != TRANSFER or employment.end is None:
                continue
            latest = employment.end + timedelta(days=CONTINUATION_DAYS)
            successor = next((e for e in employments[index + 1:]
                              if employment.start < e.start <= latest and e.id not in taken), None)
            if successor is not None:
                following[employment.id] = successor
                taken.add(successor.id)
    return following


def spells(records: Sequence[EmploymentRecord], start_from: date, start_to: date, as_of: date) -> list[Spell]:
    """Every hire starting in [start_from, start_to], followed to the as-of date.

    `records` must hold all employments of the people concerned, so that continuations
    (which are not hires) and what follows a transfer can be found.
    """
    following = continuations(records)
    continuing = {e.id for e in following.values()}
    return [_follow(record, following, as_of) for record in records
            if start_from <= record.start <= start_to and record.id not in continuing]


def _follow(hire: EmploymentRecord, following: dict[int, EmploymentRecord], as_of: date) -> Spell:
    current, transfers = hire, []
    while current.end is not None and current.end < as_of and current.end_reason == TRANSFER:
        transfers.append((current.unit, current.end))
        if current.id not in following:
            break
        current = following[current.id]
    ended = current.end is not None and current.end < as_of
    return Spell(hire=hire, as_of=as_of, end=current.end if ended else None,
                 end_reason=current.end_reason if ended else None, transfers=tuple(transfers))
