"""The retention figures of a set of hires (CONTRACT.md, `retention`): counts, rates, curves."""
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorplan.retention.cohort import DAYS_PER_MONTH, Spell, add_months, horizon_days
from mentorplan.retention.estimators import aalen_johansen, kaplan_meier, values_at

VOLUNTARY = ("frivillig",)
INVOLUNTARY = ("arbeidsgiver", "midlertidig_utlopt")
EXIT_REASONS = ("frivillig", "arbeidsgiver", "midlertidig_utlopt", "pensjon", "annet")
REPORT_MONTHS = (3, 6, 12, 24)


@dataclass(frozen=True)
class Counts:
    """hired = left + retained + censored; the rate is over those whose N months had passed.

    Who left is `left_so_far` (DOMAIN.md, Retention): a nurse who left at month 9 has left before
    month 24 even while her month 24 is still ahead, so hired = left_so_far + retained + ongoing.
    `left` (only those whose N months had passed) is the rate's denominator, never "who left"."""

    hired: int = 0
    left: int = 0
    retained: int = 0
    censored: int = 0
    internal_transfers: int = 0
    probation_exits: int = 0
    left_by_reason: dict[str, int] = field(default_factory=dict)
    left_so_far: int = 0
    ongoing: int = 0

    @property
    def followed(self) -> int:
        return self.left + self.retained

    @property
    def retention_rate(self) -> float | None:
        return self.retained / self.followed if self.followed else None


def counts(spells: Iterable[Spell], months: int) -> Counts:
    days = horizon_days(months)
    hired = left = retained = transfers = probation = left_so_far = 0
    reasons: Counter = Counter()
    for spell in spells:
        hired += 1
        horizon = spell.first_day + days
        if spell.left_kommune and spell.last_day < horizon:
            left_so_far += 1  # before month N, whether or not month N has come
            reasons[spell.end_reason] += 1
            probation += spell.left_in_probation
        if horizon > spell.as_of_day:
            continue  # censored for the rate: N months had not passed
        if spell.transfer_days and min(spell.transfer_days) < horizon:
            transfers += 1
        if spell.left_kommune and spell.last_day < horizon:
            left += 1
        else:
            retained += 1
    return Counts(hired, left, retained, hired - left - retained, transfers, probation, dict(reasons),
                  left_so_far, hired - left_so_far - retained)


def month_times(months: int) -> list[float]:
    return [month * DAYS_PER_MONTH for month in range(months + 1)]


@dataclass(frozen=True)
class CurvePoint:
    month: int
    value: float
    at_risk: int


def survival_curve(spells: Sequence[Spell], months: int) -> list[CurvePoint]:
    """Kaplan–Meier survival at each whole month 0…N; only leaving the kommune is an event."""
    durations = [s.duration for s in spells]
    steps = kaplan_meier(durations, [s.left_kommune for s in spells])
    times = month_times(months)
    return [CurvePoint(month, value, _at_risk(durations, time))
            for month, (time, value) in enumerate(zip(times, values_at(steps, times, 1.0)))]


def _at_risk(durations: Sequence[int], time: float) -> int:
    """Followed beyond `time`: still employed and under observation there."""
    return sum(1 for d in durations if d > time)


def cumulative_incidence(spells: Sequence[Spell], months: int) -> dict[str, list[float]]:
    """Aalen–Johansen cumulative incidence of each exit reason at months 0…N."""
    causes = [s.end_reason if s.left_kommune else 0 for s in spells]
    steps = aalen_johansen([s.duration for s in spells], causes)
    times = month_times(months)
    return {reason: values_at(steps[reason], times) for reason in EXIT_REASONS if reason in steps}


def breakdown(spells: Iterable[Spell], key: Callable[[Spell], Hashable], months: int) -> dict[Hashable, Counts]:
    groups: dict[Hashable, list[Spell]] = defaultdict(list)
    for spell in spells:
        groups[key(spell)].append(spell)
    return {name: counts(members, months) for name, members in sorted(groups.items(), key=lambda kv: str(kv[0]))}


def transfers_out(spells: Iterable[Spell], months: int) -> dict[str, int]:
    """Internal transfers in the first N months of hires whose N months had passed, by the unit left."""
    days = horizon_days(months)
    out: Counter = Counter()
    for spell in spells:
        if spell.passed(days):
            out.update(unit for unit, last_day in spell.transfers if last_day < spell.start + timedelta(days=days))
    return dict(sorted(out.items()))


def quarter(day: date) -> str:
    return f"{day.year} K{(day.month - 1) // 3 + 1}"


def cohort_table(spells: Iterable[Spell]) -> dict[str, dict[int, Counts]]:
    """Hires per quarter × their counts at 3, 6, 12 and 24 months."""
    by_quarter: dict[str, list[Spell]] = defaultdict(list)
    for spell in spells:
        by_quarter[quarter(spell.start)].append(spell)
    return {name: {months: counts(members, months) for months in REPORT_MONTHS}
            for name, members in sorted(by_quarter.items())}


@dataclass(frozen=True)
class BeforeAfter:
    unit: str
    programme_start: date | None  # None on the row of all units together
    before: Counts
    after: Counts


ALL_UNITS = "Alle enhetene"


def before_after(spells: Iterable[Spell], programme_starts: dict[str, date], months: int) -> list[BeforeAfter]:
    """Per unit that started the programme: hires in the year before the start vs the year from it,
    and a last row for all those units together (each counted from its own start).

    `spells` must cover both years of every unit (hires from a year before the earliest start).
    """
    before: dict[str, list[Spell]] = defaultdict(list)
    after: dict[str, list[Spell]] = defaultdict(list)
    windows = {unit: (add_months(started, -12), started, add_months(started, 12))
               for unit, started in programme_starts.items()}
    for spell in spells:
        window = windows.get(spell.hire.unit)
        if window is None:
            continue
        year_before, started, year_after = window
        if year_before <= spell.start < started:
            before[spell.hire.unit].append(spell)
        elif started <= spell.start < year_after:
            after[spell.hire.unit].append(spell)
    rows = [BeforeAfter(unit, started, counts(before[unit], months), counts(after[unit], months))
            for unit, started in sorted(programme_starts.items())]
    if len(rows) > 1:
        rows.append(BeforeAfter(ALL_UNITS, None, counts([s for g in before.values() for s in g], months),
                                counts([s for g in after.values() for s in g], months)))
    return rows
