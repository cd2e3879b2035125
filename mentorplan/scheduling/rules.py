"""Time rules of the turnus: wall-clock to UTC, night shifts, rest (arbeidsmiljøloven § 10-8).

Shifts are Oslo wall-clock times, as the turnus gives them; rest is measured between UTC
instants, so that a 22:00–08:00 night across the October change lasts 11 hours, not 10.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from mentorplan.norwegian import OSLO, decimal


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by the spring daylight-saving change (e.g. 02:30 on its day)."""


@lru_cache(maxsize=65536)
def to_utc(local: datetime) -> datetime:
    """The UTC instant of an Oslo wall-clock time; the first of two when the clock is set back.

    Cached: a turnus year has a few thousand distinct wall-clock times, and the rest checks
    behind conflict suggestions convert them over and over.
    """
    aware = local.replace(tzinfo=OSLO, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(OSLO).replace(tzinfo=None) != local:
        raise NonexistentLocalTime(f"{local:%d.%m.%Y %H:%M} finnes ikke (sommertid).")
    return instant


def exists(local: datetime) -> bool:
    try:
        to_utc(local)
    except NonexistentLocalTime:
        return False
    return True


@dataclass(frozen=True, order=True)
class Interval:
    """A stretch of wall-clock time, e.g. a shift (with its code) or a booked conversation."""

    start: datetime
    end: datetime
    code: str = ""

    @property
    def day(self) -> date:
        return self.start.date()

    def hours(self) -> float:
        return (to_utc(self.end) - to_utc(self.start)).total_seconds() / 3600

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end


def shift_interval(day: date, starts: time, ends: time, code: str = "") -> Interval:
    """A shift from its date and times; an end at or before the start means the next day."""
    end_day = day + timedelta(days=1) if ends <= starts else day
    return Interval(datetime.combine(day, starts), datetime.combine(end_day, ends), code)


def is_night(shift: Interval) -> bool:
    """Night shifts cross midnight or start before six in the morning."""
    return shift.end.date() > shift.start.date() or shift.start.time() < time(6)


@dataclass(frozen=True)
class RestRules:
    """§ 10-8: 11 hours' rest within 24 and 35 hours within 7 days; a tariff may lower them to 8 and 28."""

    daily: timedelta = timedelta(hours=11)
    weekly: timedelta = timedelta(hours=35)


# The daily rest is checked between shifts within a day of the day in question, and the weekly
# rest in the 7-day windows that contain it (six days back, seven ahead). A free period that
# reaches more than nine days away is longer than 35 hours whatever lies beyond it, so shifts
# further away cannot change the answer.
REST_HORIZON = timedelta(days=9)


def rest_problems(shifts: list[Interval], around: date, rules: RestRules) -> list[str]:
    """What breaks the rest rules near a day, in Norwegian; empty when the turnus is lawful there.

    Only shifts within REST_HORIZON of the day matter; callers may pass just those.
    """
    ordered = sorted(shifts)
    problems = [
        f"bare {_hours(to_utc(later.start) - to_utc(earlier.end))} timers hvile mellom "
        f"{earlier.code or 'vakt'} {earlier.start:%d.%m} og {later.code or 'vakt'} {later.start:%d.%m}"
        for earlier, later in zip(ordered, ordered[1:])
        if abs((later.start.date() - around).days) <= 1 or abs((earlier.start.date() - around).days) <= 1
        if to_utc(later.start) - to_utc(earlier.end) < rules.daily
    ]
    free = _free_periods(ordered)
    for first in (around - timedelta(days=n) for n in range(7)):
        window = (to_utc(datetime.combine(first, time())), to_utc(datetime.combine(first + timedelta(days=7), time())))
        touching = [end - start for start, end in free if start < window[1] and end > window[0]]
        if max(touching, default=timedelta(0)) < rules.weekly:
            problems.append(f"bare {_hours(max(touching, default=timedelta(0)))} timers sammenhengende fri "
                            f"i sjudagersperioden fra {first:%d.%m}")
            break
    return problems


def _free_periods(ordered: list[Interval]) -> list[tuple[datetime, datetime]]:
    """Time off between shifts, whole (a weekend off counts in full in every week it touches);
    before the first and after the last known shift nothing is known, so it counts as free."""
    instants = [(to_utc(s.start), to_utc(s.end)) for s in ordered]
    if not instants:
        return [(datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))]
    edges = [(datetime.min.replace(tzinfo=UTC), instants[0][0])]
    edges += [(earlier[1], later[0]) for earlier, later in zip(instants, instants[1:]) if later[0] > earlier[1]]
    return edges + [(instants[-1][1], datetime.max.replace(tzinfo=UTC))]


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    return f"{hours:.0f}" if hours == int(hours) else decimal(hours)
