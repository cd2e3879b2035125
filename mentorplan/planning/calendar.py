"""Day offsets of the programme year. Day 0 is the new nurse's first working day."""
from dataclasses import dataclass
from datetime import date, timedelta

DAYS_PER_MONTH = 365.25 / 12


def week(n: int) -> tuple[int, int]:
    """The day window of programme week n (week 1 = days 0–6)."""
    return (n - 1) * 7, n * 7 - 1


def month(n: int) -> tuple[int, int]:
    """The day window of programme month n, using the average month of 30.44 days."""
    return round((n - 1) * DAYS_PER_MONTH), round(n * DAYS_PER_MONTH) - 1


def on_day(start: date, offset: int) -> date:
    return start + timedelta(days=offset)


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    first_day: int


# Phases follow the booklet's rhythm: weekly first month, fortnightly to month 3, then monthly.
PHASES = (
    Phase("before", "Før start", -10_000),
    Phase("month1", "Første måned", 0),
    Phase("months2_3", "Måned 2–3", month(2)[0]),
    Phase("months4_6", "Måned 4–6", month(4)[0]),
    Phase("months7_12", "Måned 7–12", month(7)[0]),
)


def phase_of(day_offset: int) -> Phase:
    return [phase for phase in PHASES if phase.first_day <= day_offset][-1]


def iso_week(day: date) -> int:
    return day.isocalendar().week
