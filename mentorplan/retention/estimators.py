"""Kaplan–Meier and Aalen–Johansen estimators on plain numbers.

A subject is (duration, outcome): the time it was followed and what ended the following.
Outcome 0 (or False) means censored: the subject was still at risk at `duration` and was
not followed further. Any other outcome is an event; for Aalen–Johansen each distinct
outcome is its own competing cause. Censored subjects tied with events at the same time
count as at risk at that time (the usual convention, and lifelines').
"""
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """The estimate just after `time` (a right-continuous step function)."""

    time: float
    value: float


def _tables(durations: Sequence[float], outcomes: Sequence[Hashable]):
    """Distinct times in order, the number at risk just before each, and the events at each by cause."""
    if len(durations) != len(outcomes):
        raise ValueError("durations and outcomes differ in length")
    leaving = Counter(durations)
    events: dict[float, Counter] = {}
    for duration, outcome in zip(durations, outcomes):
        if outcome:
            events.setdefault(duration, Counter())[outcome] += 1
    at_risk = len(durations)
    for time in sorted(leaving):
        yield time, at_risk, events.get(time, Counter())
        at_risk -= leaving[time]


def kaplan_meier(durations: Sequence[float], events: Sequence[Hashable]) -> list[Step]:
    """The survival estimate S(t) = P(T > t) at every time with an event."""
    survival, steps = 1.0, []
    for time, at_risk, happened in _tables(durations, events):
        count = sum(happened.values())
        if count:
            survival *= 1.0 - count / at_risk
            steps.append(Step(time, survival))
    return steps


def aalen_johansen(durations: Sequence[float], causes: Sequence[Hashable]) -> dict[Hashable, list[Step]]:
    """The cumulative incidence of each cause, F_k(t) = P(T <= t, cause k), with competing causes.

    F_k(t) = Σ_{t_j <= t} S(t_j−) · d_kj / n_j, where S is the all-cause Kaplan–Meier estimate.
    Unlike 1 − KM for one cause alone, the incidences of all causes add up to 1 − S(t).
    """
    survival = 1.0
    incidence: dict[Hashable, float] = {}
    steps: dict[Hashable, list[Step]] = {}
    for time, at_risk, happened in _tables(durations, causes):
        for cause, count in happened.items():
            incidence[cause] = incidence.get(cause, 0.0) + survival * count / at_risk
            steps.setdefault(cause, []).append(Step(time, incidence[cause]))
        if happened:
            survival *= 1.0 - sum(happened.values()) / at_risk
    return steps


def value_at(steps: Sequence[Step], time: float, start: float = 0.0) -> float:
    """The step function's value at `time` (`start` before its first step)."""
    value = start
    for step in steps:
        if step.time > time:
            break
        value = step.value
    return value


def values_at(steps: Sequence[Step], times: Iterable[float], start: float = 0.0) -> list[float]:
    """The value at each of the ascending `times`, in one pass."""
    values, index, value = [], 0, start
    for time in times:
        while index < len(steps) and steps[index].time <= time:
            value = steps[index].value
            index += 1
        values.append(value)
    return values
