"""The demo's employment history before the programme: the figures HR's retention report shows.

Hires from 2018 up to the day the units started the programme, about 26 a year as at the pilot
units in 2017, without mentors; like there, nearly half leave within their first year, many
during prøvetid. A few move to another unit. Drawn from a generator of its own, so the rest of
the demo does not change with it. Adds; the caller flushes and commits.
"""
import random
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Employment, EndReason, Kommune, Person, Profession, Unit

SEED = 2017
HISTORY_FROM = date(2018, 1, 1)
HIRES_PER_YEAR = 26
LEFT_IN_FIRST_YEAR = 0.5  # 12 of 26 in the pilot units' year before mentors
TRANSFERS = 0.04
FIRST_YEAR_REASONS = ((EndReason.FRIVILLIG, 70), (EndReason.MIDLERTIDIG_UTLOPT, 15),
                      (EndReason.ARBEIDSGIVER, 10), (EndReason.ANNET, 5))
LATER_REASONS = ((EndReason.FRIVILLIG, 75), (EndReason.PENSJON, 15), (EndReason.ANNET, 10))
PROFESSIONS = ((Profession.SYKEPLEIER, 85), (Profession.VERNEPLEIER, 10), (Profession.SPESIALSYKEPLEIER, 5))


def _weighted(rng: random.Random, choices):
    values, weights = zip(*choices)
    return rng.choices(values, weights)[0]


def _free_numbers(rng: random.Random, kommune: Kommune):
    taken = set(db.session.scalars(select(Person.employee_number).where(Person.kommune_id == kommune.id)))
    for number in rng.sample(range(1000, 100_000), 98_000):
        if str(number) not in taken:
            yield str(number)


def add_history(kommune: Kommune, units: list[Unit], programme_start: date, today: date,
                new_person: Callable[[str], Person]) -> int:
    """Add the hires before `programme_start`; returns how many."""
    # Seeded, repeatable demo data, not a secret (docs/security-findings.md).
    rng = random.Random(SEED)  # nosec B311
    db.session.flush()
    numbers = _free_numbers(rng, kommune)
    span = (programme_start - HISTORY_FROM).days
    count = max(0, round(span / 365.25 * HIRES_PER_YEAR))
    starts = sorted(HISTORY_FROM + timedelta(days=rng.randrange(span)) for _ in range(count))
    for start in starts:
        start -= timedelta(days=start.weekday())  # people start on Mondays
        unit = rng.choice(units)
        employment = Employment(
            person=new_person(next(numbers)), unit=unit, ward=rng.choice(unit.wards), start_date=start,
            profession=_weighted(rng, PROFESSIONS), newly_graduated=rng.random() < 0.6,
            position_percent=rng.choice((100, 100, 100, 80, 75, 50)),
        )
        db.session.add(employment)
        _ending(rng, employment, units, today)
    return count


def _ending(rng: random.Random, employment: Employment, units: list[Unit], today: date) -> None:
    """How the employment ended, if it has: early leaving, a move to another unit, or later leaving."""
    draw = rng.random()
    if draw < LEFT_IN_FIRST_YEAR:
        days, reason = rng.randint(20, 360), _weighted(rng, FIRST_YEAR_REASONS)
    elif draw < LEFT_IN_FIRST_YEAR + TRANSFERS:
        days, reason = rng.randint(120, 700), EndReason.INTERN_OVERGANG
    elif rng.random() < 0.5:
        days, reason = rng.randint(366, 6 * 365), _weighted(rng, LATER_REASONS)
    else:
        return
    end = employment.start_date + timedelta(days=days)
    if end >= today:
        return
    employment.end_date, employment.end_reason = end, reason
    if reason is EndReason.INTERN_OVERGANG:
        unit = rng.choice([u for u in units if u is not employment.unit])
        db.session.add(Employment(
            person=employment.person, unit=unit, ward=rng.choice(unit.wards),
            start_date=end + timedelta(days=rng.randint(1, 14)), profession=employment.profession,
            newly_graduated=employment.newly_graduated, position_percent=employment.position_percent))
